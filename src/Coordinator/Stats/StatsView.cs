namespace Stamina.Coordinator.Stats;

public sealed record StatsView
{
    public ItemStats Items { get; init; } = new();
    public AttemptStats Attempts { get; init; } = new();
    public AgentStats Agents { get; init; } = new();
    public WorkerStats Workers { get; init; } = new();
    public IReadOnlyList<PoolStats> Pools { get; init; } = [];
}
