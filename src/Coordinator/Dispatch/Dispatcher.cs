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
    IOptions<DispatchSettings> settings,
    TimeProvider clock,
    CoordinatorMetrics metrics,
    BrokerWatchdog watchdog,
    ILogger<Dispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.PollInterval, clock);
        do
        {
            try
            {
                await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Dispatch pass failed; trying again on the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
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
        foreach (var candidate in candidates)
        {
            var message = candidate.ToMessage();
            // Continues the trace stored at submit; MassTransit carries it on in the message's headers.
            using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Dispatch, ActivityKind.Producer,
                StoredTraceParent.Parse(candidate.TraceParent));
            span?.SetTag(StaminaActivities.ItemId, candidate.Id).SetTag(StaminaActivities.Attempt, message.Attempt).SetTag(StaminaActivities.Pool, pool);
            var sentAt = clock.GetUtcNow();
            try
            {
                await endpoint.Send(message, cancellationToken);
                watchdog.Succeeded();
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                watchdog.Failed(exception);
                throw;
            }
            await connection.ExecuteAsync(new CommandDefinition(DispatchQueries.MarkPublished,
                new { id = candidate.Id, token = message.Attempt, sentAt }, cancellationToken: cancellationToken));
            var republished = candidate.PublishedToken == message.Attempt;
            metrics.Published(pool, republished);
            if (republished)
                logger.LogWarning("Republished {WorkItemId} attempt {Attempt}: its message went missing", candidate.Id, message.Attempt);
            count++;
        }
        return count;
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
