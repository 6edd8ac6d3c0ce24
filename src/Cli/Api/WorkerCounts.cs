namespace Stamina.Cli.Api;

sealed record WorkerCounts
{
    public long Idle { get; init; }
    public long Busy { get; init; }
    public long Limited { get; init; }
    public long Paused { get; init; }
    public long Draining { get; init; }
    public long Offline { get; init; }
}
