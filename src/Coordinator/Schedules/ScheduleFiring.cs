using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Schedules;

/// <summary>
/// One pass over the schedules: for each active schedule, the latest occurrence due since the last one handled is
/// recorded, and fired, skipped or rejected. Exactly once per occurrence:
/// 1. the occurrence's row is inserted first (primary key: schedule, occurrence): only the coordinator whose insert
///    stands acts on it, so a second coordinator, a split brain or a restart finds it taken;
/// 2. the batch is created under an idempotency key derived from the schedule and the occurrence, so finishing a
///    claimed occurrence again (after a crash between 1 and 3) finds the batch instead of making a second;
/// 3. the row is finished with the batch's id.
/// </summary>
public sealed class ScheduleFiring(ScheduleStore store, IBatchCreator batches, IOptions<ScheduleSettings> settings, TimeProvider clock,
    ILogger<ScheduleFiring> logger)
{
    /// <summary>Handles what is due now; returns the number of occurrences recorded by this pass.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        // Occurrences a stopped coordinator claimed but never finished come first: their batch may exist already.
        foreach (var firing in await store.FiringAsync(cancellationToken))
        {
            if (await store.GetAsync(firing.ScheduleId, cancellationToken) is { } owner)
                await CreateBatchAsync(owner, firing.Occurrence, firing.Missed, cancellationToken);
        }

        var recorded = 0;
        foreach (var schedule in await store.ListAsync(activeOnly: true, cancellationToken))
        {
            if (await HandleAsync(schedule, cancellationToken))
                recorded++;
        }

        return recorded;
    }

    async Task<bool> HandleAsync(ScheduleRow schedule, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cron = ScheduleCron.Of(schedule.Cron, schedule.TimeZone);
        var (due, earlier) = cron.LatestBetween(schedule.Cursor, now);
        if (due is not { } occurrence)
            return false;
        var missed = now - occurrence > settings.Value.MissedAfter;
        var alsoMissed = earlier == 0 ? null : $"{earlier} earlier occurrence(s) also passed unfired";
        if (missed && schedule.Missed == SchedulePolicies.Skip)
            return await RecordAsync(schedule, occurrence, ScheduleOutcomes.Skipped, missed, alsoMissed, cancellationToken);
        if (schedule.Overlap == SchedulePolicies.Skip && await store.LastBatchAsync(schedule.Id, cancellationToken) is { } previous
            && await batches.IsActiveAsync(previous, cancellationToken))
        {
            return await RecordAsync(schedule, occurrence, ScheduleOutcomes.Skipped, missed, $"batch {previous} still running", cancellationToken);
        }

        if (!await RecordAsync(schedule, occurrence, ScheduleOutcomes.Firing, missed, alsoMissed, cancellationToken))
            return false;
        await CreateBatchAsync(schedule, occurrence, missed, cancellationToken);
        return true;
    }

    async Task<bool> RecordAsync(ScheduleRow schedule, DateTimeOffset occurrence, string outcome, bool missed, string? detail,
        CancellationToken cancellationToken)
    {
        var row = new OccurrenceRow
        {
            ScheduleId = schedule.Id,
            Occurrence = occurrence,
            Outcome = outcome,
            Missed = missed,
            Detail = detail,
            RecordedAt = clock.GetUtcNow(),
        };
        var stands = await store.TryRecordAsync(row, cancellationToken);
        if (stands)
        {
            logger.LogInformation("Schedule {ScheduleId} ({Name}) occurrence {Occurrence}: {Outcome}", schedule.Id, schedule.Name, occurrence,
                row.Summary);
        }
        else
        {
            logger.LogDebug("Schedule {ScheduleId} occurrence {Occurrence} was already recorded (by another pass or coordinator)",
                schedule.Id, occurrence);
        }

        return stands;
    }

    async Task CreateBatchAsync(ScheduleRow schedule, DateTimeOffset occurrence, bool missed, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<BatchRequest>(schedule.Batch, ApiJson.Strict) ?? new BatchRequest();
        request = request with { Name = request.Name ?? schedule.Name };
        // An occurrence finished long after its batch was made (the key expired meanwhile) must find that batch, not make another.
        if (await store.BatchOfOccurrenceAsync(schedule.Id, occurrence, cancellationToken) is { } made)
        {
            await store.FinishAsync(schedule.Id, occurrence, ScheduleOutcomes.Fired, made, null, clock.GetUtcNow(), cancellationToken);
            return;
        }
        try
        {
            var created = await batches.CreateAsync(request, BatchOrigin.Scheduled(schedule.Id, occurrence), KeyOf(schedule.Id, occurrence),
                cancellationToken);
            await store.FinishAsync(schedule.Id, occurrence, ScheduleOutcomes.Fired, created.BatchId, null, clock.GetUtcNow(), cancellationToken);
            logger.LogInformation("Schedule {ScheduleId} ({Name}) occurrence {Occurrence}{Late}: batch {BatchId}", schedule.Id, schedule.Name,
                occurrence, missed ? " (missed, run late)" : "", created.BatchId);
        }
        catch (BatchRejectedException rejected)
        {
            var why = string.Join("; ", rejected.Errors.Select(error => $"{error.Key}: {string.Join(", ", error.Value)}"));
            await store.FinishAsync(schedule.Id, occurrence, ScheduleOutcomes.Rejected, null, why, clock.GetUtcNow(), cancellationToken);
            logger.LogWarning("Schedule {ScheduleId} ({Name}) occurrence {Occurrence}: the batch was rejected: {Why}", schedule.Id,
                schedule.Name, occurrence, why);
        }
    }

    /// <summary>The same for every attempt at one occurrence, and different for every occurrence.</summary>
    public static string KeyOf(Guid scheduleId, DateTimeOffset occurrence) =>
        $"schedule:{scheduleId:N}:{occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
}
