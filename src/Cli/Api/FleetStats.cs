namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/stats</c>: counts over the whole queue and fleet, or over a window.</summary>
sealed record FleetStats
{
    /// <summary>Absent for all time (and from a coordinator without windows).</summary>
    public TimeWindow? Window { get; init; }
    public AttemptDurations? Durations { get; init; }
    public ItemCounts Items { get; init; } = new();
    public AttemptCounts Attempts { get; init; } = new();
    public AgentTotals Agents { get; init; } = new();
    public WorkerCounts Workers { get; init; } = new();
    public IReadOnlyList<PoolCounts> Pools { get; init; } = [];

    /// <summary>Absent from a coordinator without dispatch gates.</summary>
    public DispatchState? Dispatch { get; init; }
    /// <summary>Circuit breakers open or half-open now (absent from an older coordinator).</summary>
    public IReadOnlyList<BreakerInfo> Breakers { get; init; } = [];
}
