namespace Stamina.Cli.Api;

/// <summary>One occurrence of a schedule as the coordinator recorded it.</summary>
sealed record ScheduleOccurrence
{
    public DateTimeOffset Occurrence { get; init; }
    public DateTimeOffset OccurrenceLocal { get; init; }
    public string? Outcome { get; init; }
    public bool Missed { get; init; }
    public string? Summary { get; init; }
    public Guid? BatchId { get; init; }
    public string? Detail { get; init; }
    public DateTimeOffset? RecordedAt { get; init; }
}
