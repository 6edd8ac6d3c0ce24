using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Board;

/// <summary>
/// The one loop behind every event stream: while anyone listens, it reads the items changed since the last
/// read (by the <c>updated_at</c> index) and the workers (a small table), and publishes what differs. One
/// cheap read per interval whatever the number of listeners, and none when nobody listens.
/// </summary>
public sealed class BoardEventPoller(BoardEventHub hub, StaminaDatabase database, WorkerQueries workers, TimeProvider clock,
    IOptions<BoardSettings> settings, ILogger<BoardEventPoller> logger) : BackgroundService
{
    /// <summary>Rows written just before the last read but with an older time (clock steps, slow commits) are read again within this overlap.</summary>
    static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);

    const int MaxItemsPerRead = 1000;

    /// <summary>Bounds one read; what is left is read at the next interval, from where this one stopped.</summary>
    const int MaxPagesPerRead = 20;

    readonly Dictionary<Guid, ItemChange> items = [];
    readonly Dictionary<string, WorkerView> workerStates = [];
    DateTimeOffset? cursor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!hub.HasSubscribers)
            {
                // Start afresh with the next listener: it loads the page first, so nothing before now is news.
                cursor = null;
                continue;
            }
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "The board's event loop could not read the database; it tries again");
            }
        }
    }

    internal async Task PollAsync(CancellationToken cancellationToken)
    {
        var from = (cursor ?? clock.GetUtcNow()) - Overlap;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            // Pages by (updated_at, id): a batch of thousands changed within the overlap would otherwise return
            // the same first page at every read and hold the cursor back for good.
            (DateTimeOffset At, Guid Id)? after = null;
            for (var page = 0; page < MaxPagesPerRead; page++)
            {
                var next = after is null ? "" : "and (updated_at > @afterAt or (updated_at = @afterAt and id > @afterId))";
                var changed = (await connection.QueryAsync<ItemChange>(new CommandDefinition($"""
                    select id, state, attempt, pool, updated_at as UpdatedAt from work_items
                    where updated_at > @from {next}
                    order by updated_at, id limit {MaxItemsPerRead}
                    """, new { from, afterAt = after?.At, afterId = after?.Id }, cancellationToken: cancellationToken))).ToList();
                foreach (var change in changed)
                    Note(change);
                if (changed.Count < MaxItemsPerRead)
                    break;
                after = (changed[^1].UpdatedAt, changed[^1].Id);
            }
        }
        cursor ??= from + Overlap;
        foreach (var stale in items.Where(i => i.Value.UpdatedAt < cursor - Overlap).Select(i => i.Key).ToList())
            items.Remove(stale);

        await PublishWorkersAsync(cancellationToken);
    }

    void Note(ItemChange change)
    {
        if (cursor is null || change.UpdatedAt > cursor)
            cursor = change.UpdatedAt;
        // A lease renewal moves updated_at at every heartbeat; only a new state or attempt is news.
        if (items.TryGetValue(change.Id, out var known) && known.State == change.State && known.Attempt == change.Attempt)
        {
            items[change.Id] = change;
            return;
        }
        items[change.Id] = change;
        hub.Publish(new BoardEvent("item", JsonSerializer.Serialize(change, JsonSerializerOptions.Web)));
    }

    async Task PublishWorkersAsync(CancellationToken cancellationToken)
    {
        foreach (var worker in await workers.ListAsync(cancellationToken))
        {
            // Seen-at moves with every heartbeat; only a change a person would notice is news.
            var shown = worker with { LastSeenAt = default };
            if (workerStates.TryGetValue(worker.Name, out var known) && known == shown)
                continue;
            workerStates[worker.Name] = shown;
            hub.Publish(new BoardEvent("worker", JsonSerializer.Serialize(worker, JsonSerializerOptions.Web)));
        }
    }
}
