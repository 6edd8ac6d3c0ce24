using System.Text.Json;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Schedules;

/// <summary>Builds the API's answers: each schedule with its next occurrence (computed now) and its last recorded one.</summary>
public sealed class ScheduleViews(ScheduleStore store, IOptions<ScheduleSettings> settings, TimeProvider clock)
{
    public async Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(activeOnly: false, cancellationToken);
        var latest = await store.LatestAsync(rows.Select(row => row.Id).ToList(), cancellationToken);
        return rows.Select(row => ViewOf(row, latest.GetValueOrDefault(row.Id))).ToList();
    }

    /// <summary>One schedule with its recent occurrences and its batch; null when there is none with this id.</summary>
    public async Task<ScheduleView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } row)
            return null;
        var recent = await store.RecentAsync(id, settings.Value.RecentOccurrences, cancellationToken);
        var cron = ScheduleCron.Of(row.Cron, row.TimeZone);
        return ViewOf(row, recent.FirstOrDefault()) with
        {
            Occurrences = recent.Select(occurrence => OccurrenceView.Of(occurrence, cron)).ToList(),
            Batch = JsonSerializer.Deserialize<BatchRequest>(row.Batch, ApiJson.Strict),
        };
    }

    ScheduleView ViewOf(ScheduleRow row, OccurrenceRow? last)
    {
        var cron = ScheduleCron.Of(row.Cron, row.TimeZone);
        var now = clock.GetUtcNow();
        var next = cron.NextAfter(row.Cursor > now ? row.Cursor : now);
        return new ScheduleView
        {
            Id = row.Id,
            Name = row.Name,
            Cron = row.Cron,
            TimeZone = row.TimeZone,
            Missed = row.Missed,
            Overlap = row.Overlap,
            Paused = row.Paused,
            CreatedAt = row.CreatedAt,
            NextOccurrence = next,
            NextOccurrenceLocal = next is { } at ? cron.InZone(at) : null,
            LastOccurrence = last is null ? null : OccurrenceView.Of(last, cron),
        };
    }
}
