namespace Stamina.Coordinator.Schedules;

/// <summary>A row of <c>schedule_occurrences</c>.</summary>
public sealed record OccurrenceRow
{
    public Guid ScheduleId { get; init; }
    public DateTimeOffset Occurrence { get; init; }
    public string Outcome { get; init; } = "";
    public bool Missed { get; init; }
    public string? Detail { get; init; }
    public Guid? BatchId { get; init; }
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>For people: "fired", "missed, run late", "missed, skipped", "skipped: batch X still running", "rejected: …".</summary>
    public string Summary => (Outcome, Missed) switch
    {
        (ScheduleOutcomes.Fired, false) => "fired",
        (ScheduleOutcomes.Fired, true) => "missed, run late",
        (ScheduleOutcomes.Skipped, true) when Detail is null => "missed, skipped",
        (ScheduleOutcomes.Skipped, true) => $"missed, skipped: {Detail}",
        (ScheduleOutcomes.Firing, _) => "firing",
        _ => Detail is null ? Outcome : $"{Outcome}: {Detail}",
    };
}
