using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Schedules;

/// <summary>
/// A schedule as the API shows it. The next occurrence is given in UTC and on the schedule's own clock (with its offset,
/// so a daylight-saving change shows); <see cref="Occurrences"/> and <see cref="Batch"/> only in <c>GET /api/schedules/{id}</c>.
/// </summary>
public sealed record ScheduleView
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Cron { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public string Missed { get; init; } = "";
    public string Overlap { get; init; } = "";
    public bool Paused { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? NextOccurrence { get; init; }
    public DateTimeOffset? NextOccurrenceLocal { get; init; }
    public OccurrenceView? LastOccurrence { get; init; }
    public IReadOnlyList<OccurrenceView>? Occurrences { get; init; }
    public BatchRequest? Batch { get; init; }
}
