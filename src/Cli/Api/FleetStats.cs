namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/stats</c>: counts over the whole queue and fleet.</summary>
internal sealed record FleetStats
{
    public ItemCounts Items { get; init; } = new();
    public AttemptCounts Attempts { get; init; } = new();
    public AgentTotals Agents { get; init; } = new();
    public WorkerCounts Workers { get; init; } = new();
    public IReadOnlyList<PoolCounts> Pools { get; init; } = [];
}
