using System.Data.Common;
using System.Diagnostics;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Telemetry;
using Stamina.ServiceDefaults.Messaging;
using Stamina.ServiceDefaults.Telemetry;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// Publishes due queued items to their pool's queue in priority order, keeping only a few ready messages
/// per consumer in the queue, and republishes items whose message went missing. The database decides
/// what is queued; a message is only a hint to a worker, so duplicates are harmless. Nothing a hold covers (a pause,
/// a spend cap, an open breaker) is released, beyond what the hold still allows this pass (a breaker's probe).
/// </summary>
public sealed class Dispatcher(
    StaminaDatabase database,
    DispatchHolds holds,
    IPoolQueues topology,
    IBus endpoints,
    DispatchWake wake,
    IOptions<DispatchSettings> settings,
    TimeProvider clock,
    CoordinatorMetrics metrics,
    BrokerWatchdog watchdog,
    ILogger<Dispatcher> logger) : BackgroundService
{
    /// <summary>Sends awaiting their confirms at once: enough to hide the broker's round trip, few enough to stay fair.</summary>
    const int InFlight = 32;

    /// <summary>
    /// A pass, then another at once while passes publish (the queues had room and more was due), else the next tick or a
    /// claim's wake, whichever comes first.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.PollInterval, clock);
        // Each wait outlives a race it lost, so that neither a timer nor a semaphore gets a second waiter.
        Task<bool>? tick = null;
        Task? woken = null;
        while (true)
        {
            var published = 0;
            try
            {
                published = await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Dispatch pass failed; trying again on the next tick");
            }
            if (published > 0)
                continue;
            tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
            woken ??= wake.WaitAsync(stoppingToken);
            if (await Task.WhenAny(tick, woken) == tick)
            {
                if (!await tick)
                    return;
                tick = null;
            }
            else
            {
                woken = null;
            }
        }
    }

    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var pools = await connection.QueryAsync<string>(new CommandDefinition(DispatchQueries.DuePools, new { now }, cancellationToken: cancellationToken));
        var held = await holds.ReadAsync(connection, now, cancellationToken);
        var allowances = held.Scopes.Where(s => s.Allow > 0).Distinct().ToDictionary(s => s, s => s.Allow);
        var published = 0;
        foreach (var pool in pools)
            published += await DispatchPoolAsync(connection, pool, now, held, allowances, cancellationToken);
        return published;
    }

    async Task<int> DispatchPoolAsync(DbConnection connection, string pool, DateTimeOffset now, HoldSet held,
        Dictionary<DispatchHoldScope, int> allowances, CancellationToken cancellationToken)
    {
        // Everything or this pool held (paused, the daily cap): nothing leaves, unless the hold still allows some.
        var poolScopes = held.Covering(pool, repo: null, batchId: null).ToList();
        if (poolScopes.Any(s => s.Allow <= 0))
            return 0;
        var queue = await topology.InspectAsync(pool, cancellationToken);
        var window = (int)queue.Consumers + settings.Value.Buffer;
        var room = window - (int)queue.ReadyMessages;
        foreach (var scope in poolScopes)
            room = Math.Min(room, allowances[scope]);
        if (room <= 0)
            return 0;

        var candidates = await CandidatesAsync(connection, pool, now, held, allowances, room, cancellationToken);
        foreach (var scope in poolScopes)
            allowances[scope] -= candidates.Count;

        var endpoint = await endpoints.GetSendEndpoint(topology.SendAddress(pool));
        var count = 0;
        foreach (var chunk in candidates.Chunk(InFlight))
            count += await PublishAsync(connection, endpoint, pool, chunk, cancellationToken);
        return count;
    }

    /// <summary>
    /// Records a few candidates as published, then sends them at once, each awaited until the broker confirms it (one by
    /// one, a quorum queue's confirm round trip bounded the whole fleet's throughput). The marks commit before any
    /// message leaves: a worker's claim, which locks the item's row, never waits on the dispatcher's transaction. A send
    /// that fails is unmarked and published again on a later pass; a mark whose send never happened (the coordinator
    /// died between the two) is published again after <see cref="DispatchSettings.RepublishAfter"/>, as a lost message
    /// is. Sent together, they may sit in the queue in a slightly different order: as before, only the few messages
    /// already in the queue can go before a more urgent item.
    /// </summary>
    async Task<int> PublishAsync(DbConnection connection, ISendEndpoint endpoint, string pool, DispatchCandidate[] chunk,
        CancellationToken cancellationToken)
    {
        var sentAt = clock.GetUtcNow();
        var marked = await MarkPublishedAsync(connection, chunk, sentAt, cancellationToken);
        var sends = marked.Select(candidate => SendAsync(endpoint, pool, candidate, cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(sends);
            watchdog.Succeeded();
        }
        catch (Exception exception)
        {
            if (!cancellationToken.IsCancellationRequested)
                watchdog.Failed(exception);
            // Whatever became of the sends that did not complete, publishing them again is safe: a duplicate is refused at claim.
            await UnmarkAsync(connection, [.. marked.Where((_, i) => !sends[i].IsCompletedSuccessfully)]);
            throw;
        }
        foreach (var candidate in marked)
        {
            metrics.Published(pool, candidate.Republished);
            if (candidate.Republished)
                logger.LogWarning("Republished {WorkItemId} attempt {Attempt}: its message went missing", candidate.Id, candidate.Token);
        }
        return marked.Count;
    }

    async Task SendAsync(ISendEndpoint endpoint, string pool, DispatchCandidate candidate, CancellationToken cancellationToken)
    {
        var message = candidate.ToMessage();
        // Continues the trace stored at submit; MassTransit carries it on in the message's headers.
        using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Dispatch, ActivityKind.Producer,
            StoredTraceParent.Parse(candidate.TraceParent));
        span?.SetTag(StaminaActivities.ItemId, candidate.Id).SetTag(StaminaActivities.Attempt, message.Attempt).SetTag(StaminaActivities.Pool, pool);
        await endpoint.Send(message, cancellationToken);
    }

    /// <summary>The candidates still queued and not published under a newer token since they were read, marked in one commit.</summary>
    async Task<List<DispatchCandidate>> MarkPublishedAsync(DbConnection connection, DispatchCandidate[] candidates, DateTimeOffset sentAt,
        CancellationToken cancellationToken)
    {
        var marked = new List<DispatchCandidate>(candidates.Length);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(DispatchQueries.MarkPublished,
                new { id = candidate.Id, token = candidate.Token, sentAt }, transaction, cancellationToken: cancellationToken));
            if (updated == 1)
                marked.Add(candidate);
        }
        await transaction.CommitAsync(cancellationToken);
        return marked;
    }

    /// <summary>Best effort, not cancelled (the pass may be ending because the host stops): if this fails too, the marks run out after RepublishAfter.</summary>
    async Task UnmarkAsync(DbConnection connection, IReadOnlyList<DispatchCandidate> unsent)
    {
        if (unsent.Count == 0)
            return;
        try
        {
            await connection.ExecuteAsync(DispatchQueries.UnmarkPublished,
                unsent.Select(candidate => new { id = candidate.Id, token = candidate.Token }));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not unmark {Count} unsent items; they are published again after the republish delay", unsent.Count);
        }
    }

    /// <summary>Probes of held repositories and batches first (as many as each allows), then the rest, none of them held.</summary>
    async Task<List<DispatchCandidate>> CandidatesAsync(DbConnection connection, string pool, DateTimeOffset now, HoldSet held,
        Dictionary<DispatchHoldScope, int> allowances, int room, CancellationToken cancellationToken)
    {
        var keyed = held.Scopes.Where(s => s.Scope is DispatchHoldScope.Scopes.Repo or DispatchHoldScope.Scopes.Batch).ToList();
        var filter = new CandidateFilter(database.Dialect, keyed);
        var candidates = new List<DispatchCandidate>();
        foreach (var probe in keyed.Where(s => s.Allow > 0))
        {
            var allowed = Math.Min(allowances[probe], room - candidates.Count);
            if (allowed <= 0)
                continue;
            var found = await QueryAsync(filter.For(probe), allowed);
            var fresh = found.Where(c => candidates.All(known => known.Id != c.Id)).ToList();
            allowances[probe] -= fresh.Count;
            candidates.AddRange(fresh);
        }
        if (room - candidates.Count > 0)
            candidates.AddRange(await QueryAsync(filter.For(null), room - candidates.Count));
        return candidates;

        async Task<IReadOnlyList<DispatchCandidate>> QueryAsync((string Conditions, DynamicParameters Parameters) query, int limit)
        {
            // A queued item published long ago may have lost its message (never confirmed, dropped by a worker
            // that could not reach us, lost by the broker): publish it again; a duplicate is refused at claim.
            var parameters = query.Parameters;
            parameters.AddDynamicParams(new
            {
                pool,
                now,
                republishBefore = now - settings.Value.RepublishAfter,
                limit,
                agingSeconds = settings.Value.AgingAfter.TotalSeconds,
                agingMax = settings.Value.AgingMaxBoost,
            });
            return [.. await connection.QueryAsync<DispatchCandidate>(new CommandDefinition(
                DispatchQueries.Candidates(database.Dialect, query.Conditions), parameters, cancellationToken: cancellationToken))];
        }
    }
}
