namespace Stamina.Cli.Api;

sealed record PoolCounts
{
    public string? Pool { get; init; }
    public long Queued { get; init; }
    public long Running { get; init; }
}
