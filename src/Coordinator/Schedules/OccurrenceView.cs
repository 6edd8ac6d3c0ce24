namespace Stamina.Coordinator.Schedules;

/// <summary>An occurrence as the API shows it: when (UTC and on the schedule's clock), what became of it, and its batch.</summary>
public sealed record OccurrenceView(DateTimeOffset Occurrence, DateTimeOffset OccurrenceLocal, string Outcome, bool Missed, string Summary,
    string? Detail, Guid? BatchId, DateTimeOffset RecordedAt)
{
    public static OccurrenceView Of(OccurrenceRow row, ScheduleCron cron) =>
        new(row.Occurrence, cron.InZone(row.Occurrence), row.Outcome, row.Missed, row.Summary, row.Detail, row.BatchId, row.RecordedAt);
}
