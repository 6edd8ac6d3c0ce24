namespace Stamina.Coordinator.Batches;

/// <summary>Who made a batch: a submission (<c>submit -f</c>, the API) or a schedule's occurrence.</summary>
public sealed record BatchOrigin(string Kind, Guid? ScheduleId = null, DateTimeOffset? Occurrence = null)
{
    public const string Submit = "submit";
    public const string Schedule = "schedule";

    public static BatchOrigin Submitted { get; } = new(Submit);

    public static BatchOrigin Scheduled(Guid scheduleId, DateTimeOffset occurrence) => new(Schedule, scheduleId, occurrence);
}
