namespace Stamina.Coordinator.Stats;

public sealed record WorkerStats
{
    public int Idle { get; init; }
    public int Busy { get; init; }
    public int Limited { get; init; }
    public int Paused { get; init; }
    public int Draining { get; init; }
    public int Offline { get; init; }
}
