namespace Stamina.Coordinator.Telemetry;

/// <summary>What the gauges report: the fleet as the database held it at <see cref="TakenAt"/>.</summary>
public sealed record FleetSnapshot
{
    public static readonly FleetSnapshot Empty = new();

    public DateTimeOffset TakenAt { get; init; }
    public IReadOnlyList<Row> Items { get; init; } = [];

    /// <summary>Per pool, since when its oldest ready queued item has waited.</summary>
    public IReadOnlyList<(string Pool, DateTimeOffset Since)> OldestQueued { get; init; } = [];

    public IReadOnlyList<Row> Workers { get; init; } = [];
    public IReadOnlyList<(string Account, DateTimeOffset? LimitedUntil)> Accounts { get; init; } = [];
    public IReadOnlyList<Row> RunningAttempts { get; init; } = [];

    /// <summary>One series: its label values in the gauge's label order, and its value.</summary>
    public sealed record Row(string[] Labels, long Count);
}
