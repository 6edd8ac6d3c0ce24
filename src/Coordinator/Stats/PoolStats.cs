namespace Stamina.Coordinator.Stats;

public sealed record PoolStats
{
    public string Pool { get; init; } = "";
    public long Queued { get; init; }
    public long Running { get; init; }
}
