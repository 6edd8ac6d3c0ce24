using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Notifications;

/// <summary>
/// Finds events by reading the database every <see cref="NotificationSettings.PollInterval"/> from a persisted
/// cursor, and writes them to the outbox in the same transaction that moves the cursor: a restart neither loses
/// nor repeats an event, and no saga transaction waits for (or can be failed by) notifications.
/// </summary>
public sealed class NotificationDetector(
    StaminaDatabase database,
    NotificationOutbox outbox,
    Spend.SpendCaps caps,
    IOptions<NotificationSettings> settings,
    TimeProvider clock,
    ILogger<NotificationDetector> logger) : BackgroundService
{
    // Since when this replica detects: its start, or the start of its term as the leader (set again in ExecuteAsync).
    DateTimeOffset startedAt = clock.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Value.Webhooks.Count == 0)
            return;
        startedAt = clock.GetUtcNow();
        using var timer = new PeriodicTimer(settings.Value.PollInterval, clock);
        do
        {
            try
            {
                await DetectOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Notification pass failed ({Message}); the next pass reads the same window again", exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <returns>How many events the pass found (before webhook filters and rate limits).</returns>
    public async Task<int> DetectOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now - settings.Value.Settle;
        await using var transaction = await database.BeginEventTransactionAsync(cancellationToken);
        var connection = transaction.Connection;
        if (database.Dialect.KeyLock is { } keyLock)
            await connection.ExecuteAsync(keyLock, new { key = "stamina-notifications" }, transaction.Transaction);
        var state = new NotificationState(connection, transaction.Transaction);
        var reader = new EventReader(connection, transaction.Transaction, database.Dialect, settings.Value.BatchLabel);
        var notifications = new List<Notification>();
        if (await state.GetAsync(NotificationState.Cursor) is not { } cursorText)
        {
            // The first pass ever: history is not news. Workers already paused or lost are known, not announced.
            var workers = await reader.WorkersAsync();
            await SetNamesAsync(state, NotificationState.PausedWorkers, workers.Where(w => w.IsPaused(now)).Select(w => w.Name));
            await SetNamesAsync(state, NotificationState.LostWorkers, workers.Where(w => w.IsLost(now)).Select(w => w.Name));
            var reached = await caps.ReachedAsync(connection, transaction.Transaction, now, includeAccounts: true, cancellationToken);
            await SetNamesAsync(state, NotificationState.CapsReached, reached.Select(c => c.Id));
        }
        else
        {
            var since = DateTimeOffset.Parse(cursorText, CultureInfo.InvariantCulture);
            if (until <= since)
                return 0;
            notifications.AddRange(await reader.FailedItemsAsync(since, until));
            notifications.AddRange(await reader.AuthFailuresAsync(since, until));
            notifications.AddRange(await reader.LimitedAccountsAsync(since, until));
            notifications.AddRange(await WorkerChangesAsync(reader, state, now));
            notifications.AddRange(await CapsReachedAsync(connection, transaction.Transaction, state, now, cancellationToken));
            notifications.AddRange(await BreakerEvents.OpenedAsync(connection, transaction.Transaction, database.Dialect, since, until));
            notifications.AddRange(await reader.EndedBatchesAsync(since, until));
            if (await ShiftEndAsync(reader, state, since, until) is { } drained)
                notifications.Add(drained);
        }
        await outbox.EnqueueAsync(connection, transaction.Transaction, notifications, now);
        await state.SetAsync(NotificationState.Cursor, until.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        await connection.ExecuteAsync("""
            delete from notification_outbox where delivered_at < @dayAgo or given_up_at < @weekAgo
            """, new { dayAgo = now.AddDays(-1), weekAgo = now.AddDays(-7) }, transaction.Transaction);
        // A webhook removed from the settings has no sender any more: its pending rows end here, not never.
        var names = settings.Value.Webhooks.Select((webhook, index) => Webhooks.NameOf(webhook, index)).ToArray();
        await connection.ExecuteAsync($"""
            update notification_outbox set given_up_at = @now, last_error = 'the webhook is no longer configured'
            where delivered_at is null and given_up_at is null and not ({database.Dialect.In("webhook", "names")})
            """, new { now, names }, transaction.Transaction);
        await transaction.CommitAsync(cancellationToken);
        return notifications.Count;
    }

    /// <summary>
    /// A shift opens when work is seen unfinished (or finished without having been seen) and ends when nothing is
    /// left: then its summary goes out once.
    /// </summary>
    static async Task<Notification?> ShiftEndAsync(EventReader reader, NotificationState state, DateTimeOffset since, DateTimeOffset until)
    {
        var open = await state.GetAsync(NotificationState.ShiftStarted) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        if (!await reader.DrainedAsync(until))
        {
            // The shift began with the oldest work seen: still unfinished, or finished in this window.
            if (open is null && Earliest(await reader.OldestActiveAsync(), await reader.OldestFinishedAsync(since, until)) is { } oldest)
                await state.SetAsync(NotificationState.ShiftStarted, oldest.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            return null;
        }
        var start = open ?? await reader.OldestFinishedAsync(since, until);
        if (start is null)
            return null;
        await state.RemoveAsync(NotificationState.ShiftStarted);
        return await reader.ShiftSummaryAsync(start.Value, until);
    }

    static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    async Task<List<Notification>> WorkerChangesAsync(EventReader reader, NotificationState state, DateTimeOffset now)
    {
        var workers = await reader.WorkersAsync();
        var found = new List<Notification>();
        var knownPaused = await NamesAsync(state, NotificationState.PausedWorkers);
        var paused = workers.Where(w => w.IsPaused(now)).ToList();
        foreach (var worker in paused.Where(w => !knownPaused.Contains(w.Name)))
        {
            found.Add(new Notification(NotificationKinds.WorkerPaused, NotificationLevels.Warning, $"Worker {worker.Name} waits for a person",
                $"{TextOf.Cut(worker.Attention, 300)} Resume it with `stamina workers resume {worker.Name}` once fixed.", now,
                new JsonObject { ["worker"] = worker.Name, ["pool"] = worker.Pool, ["account"] = worker.Account, ["attention"] = worker.Attention }));
        }

        await SetNamesAsync(state, NotificationState.PausedWorkers, paused.Select(w => w.Name));

        var knownLost = await NamesAsync(state, NotificationState.LostWorkers);
        // Right after a start (or a new leader's term) the heartbeats that waited in the broker may be unread: not lost yet.
        var lost = workers.Where(w => w.IsLost(now) && (now - startedAt > w.SilenceLimit || knownLost.Contains(w.Name))).ToList();
        foreach (var worker in lost.Where(w => !knownLost.Contains(w.Name)))
        {
            found.Add(new Notification(NotificationKinds.WorkerLost, NotificationLevels.Error, $"Worker {worker.Name} is lost",
                $"Worker {worker.Name} (pool {worker.Pool}) has been silent since {TextOf.Time(worker.LastSeenAt)} without stopping; its item, if any, is taken back when its lease ends.",
                now, new JsonObject { ["worker"] = worker.Name, ["pool"] = worker.Pool, ["account"] = worker.Account, ["lastSeenAt"] = worker.LastSeenAt.ToUniversalTime().ToString("O") }));
        }

        await SetNamesAsync(state, NotificationState.LostWorkers, lost.Select(w => w.Name));
        return found;
    }

    /// <summary>Each cap once when it is reached (a daily cap reached again the next day is news again).</summary>
    async Task<List<Notification>> CapsReachedAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        NotificationState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reached = await caps.ReachedAsync(connection, transaction, now, includeAccounts: true, cancellationToken);
        var known = await NamesAsync(state, NotificationState.CapsReached);
        var found = reached.Where(c => !known.Contains(c.Id)).Select(cap => new Notification(NotificationKinds.SpendCapReached, NotificationLevels.Warning,
            $"Spend cap reached: {cap.Kind} {cap.Key}", $"{char.ToUpperInvariant(cap.Reason.Detail[0])}{cap.Reason.Detail[1..]}; "
                + (cap.Kind == Spend.SpendCapReached.Kinds.Account ? "that account takes no new work" : "dispatch holds back the items it covers")
                + (cap.Reason.Until is { } until ? $" until {TextOf.Time(until)}." : "."),
            now, new JsonObject
            {
                ["cap"] = cap.Kind,
                ["key"] = cap.Key,
                ["limitUsd"] = cap.LimitUsd,
                ["spentUsd"] = cap.SpentUsd,
                ["until"] = cap.Reason.Until?.ToUniversalTime().ToString("O"),
            })).ToList();
        // Known ids are kept while their cap holds, so a cap reached, lifted and reached again (a batch retried) is sent again.
        await SetNamesAsync(state, NotificationState.CapsReached, reached.Select(c => c.Id));
        return found;
    }

    static async Task<HashSet<string>> NamesAsync(NotificationState state, string key) =>
        await state.GetAsync(key) is { } text ? JsonSerializer.Deserialize<HashSet<string>>(text) ?? [] : [];

    static Task SetNamesAsync(NotificationState state, string key, IEnumerable<string> names) =>
        state.SetAsync(key, JsonSerializer.Serialize(names.Order(StringComparer.Ordinal).ToArray()));
}
