namespace Stamina.Coordinator.Stats;

public sealed record StatsView
{
    /// <summary>Null for all time; with a window, items submitted and attempts started in it.</summary>
    public TimeWindow? Window { get; init; }
    public ItemStats Items { get; init; } = new();
    public AttemptStats Attempts { get; init; } = new();
    public AttemptDurations Durations { get; init; } = new();
    public AgentStats Agents { get; init; } = new();
    public WorkerStats Workers { get; init; } = new();
    public IReadOnlyList<PoolStats> Pools { get; init; } = [];

    /// <summary>Why dispatch holds items back now (pauses, spend caps reached, breakers); always as now.</summary>
    public Api.Dispatch.DispatchView Dispatch { get; init; } = new();

    /// <summary>Circuit breakers open or half-open now, of repositories and accounts; always as now.</summary>
    public IReadOnlyList<Breakers.BreakerView> Breakers { get; init; } = [];
}
