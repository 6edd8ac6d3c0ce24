namespace Stamina.Coordinator.Schedules;

/// <summary>A row of <c>schedules</c>, with its latest recorded occurrence (null before the first).</summary>
public sealed record ScheduleRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Cron { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public string Batch { get; init; } = "{}";
    public string Missed { get; init; } = SchedulePolicies.DefaultMissed;
    public string Overlap { get; init; } = SchedulePolicies.DefaultOverlap;
    public bool Paused { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NotBefore { get; init; }
    public DateTimeOffset? LastOccurrence { get; init; }

    /// <summary>Where the search for the next due occurrence starts: after the last handled, and never before <see cref="NotBefore"/>.</summary>
    public DateTimeOffset Cursor => LastOccurrence is { } last && last > NotBefore ? last : NotBefore;
}
