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
/// what is queued; a message is only a hint to a worker, so duplicates are harmless.
/// </summary>
public sealed class Dispatcher(
    StaminaDatabase database,
    IPoolQueues topology,
    IBus endpoints,
    IOptions<DispatchSettings> settings,
    TimeProvider clock,
    CoordinatorMetrics metrics,
    BrokerWatchdog watchdog,
    IEnumerable<IDispatchHold> holds,
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
        var held = await HeldRepos.ReadAsync(holds, connection, now, cancellationToken);
        var published = 0;
        foreach (var pool in pools)
            published += await DispatchPoolAsync(connection, pool, now, held, cancellationToken);
        return published;
    }

    async Task<int> DispatchPoolAsync(DbConnection connection, string pool, DateTimeOffset now, HeldRepos held, CancellationToken cancellationToken)
    {
        var queue = await topology.InspectAsync(pool, cancellationToken);
        var window = (int)queue.Consumers + settings.Value.Buffer;
        var room = window - (int)queue.ReadyMessages;
        if (room <= 0)
            return 0;

        // A queued item published long ago may have lost its message (never confirmed, dropped by a worker
        // that could not reach us, lost by the broker): publish it again; a duplicate is refused at claim.
        var republishBefore = now - settings.Value.RepublishAfter;
        var candidates = held.Admit(await connection.QueryAsync<DispatchCandidate>(new CommandDefinition(held.Filter(DispatchQueries.Candidates, database.Dialect),
            new { pool, now, republishBefore, limit = room, heldRepos = held.Blocked }, cancellationToken: cancellationToken)));

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
}
