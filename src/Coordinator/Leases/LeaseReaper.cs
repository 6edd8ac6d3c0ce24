using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Leadership;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Leases;

/// <summary>
/// Finds running items whose lease deadline passed (a frozen worker, a partitioned machine, a lost
/// message) and hands them to the saga, which re-checks the deadline under the row lock. Leases are judged
/// only after a full lease period of unbroken hearing (<see cref="LeaseHearing"/>): each pass first checks
/// the broker, the database and its own clock, so an outage of ours never costs a worker its lease. It listens on
/// every replica (the saga's redelivery takeover asks the same <see cref="LeaseHearing"/>) but judges only on the
/// leader, whose hearing starts when it becomes the leader.
/// </summary>
public sealed class LeaseReaper(
    StaminaDatabase database,
    IBusControl bus,
    LeaseHearing hearing,
    CoordinatorLeadership leadership,
    IOptions<DispatchSettings> settings,
    IOptions<LeaseSettings> leases,
    TimeProvider clock,
    ILogger<LeaseReaper> logger) : BackgroundService
{
    const string Expired = """
        select id as WorkItemId, attempt from work_items
        where state = 'Running' and lease_expires_at < @now
        order by lease_expires_at
        limit 500
        """;

    readonly Dictionary<ExpireLease, DateTimeOffset> judged = [];
    DateTimeOffset? lastPass;
    bool holdingBack;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.ReaperInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await ReapOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Lease reaper pass failed ({Message}); no lease is judged until the coordinator has heard for a full lease period",
                    exception.Message);
            }
        }
    }

    /// <returns>How many expired leases were handed to the saga.</returns>
    public async Task<int> ReapOnceAsync(CancellationToken cancellationToken)
    {
        NoticeClockJump();
        // Degraded is what MassTransit reports while a closed connection's endpoints wait to reconnect (a broker
        // restart): only Healthy means our consumers are listening.
        if (bus.CheckHealth() is { Status: not BusHealthStatus.Healthy } health)
        {
            hearing.Lost($"the broker connection is not healthy ({health.Description})");
            return 0;
        }
        List<ExpireLease> expired;
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            expired = (await connection.QueryAsync<ExpireLease>(new CommandDefinition(
                Expired, new { now = clock.GetUtcNow() }, cancellationToken: cancellationToken))).ToList();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            hearing.Lost($"the database failed: {exception.Message}");
            throw;
        }
        hearing.Heard();
        if (!leadership.IsLeader)
            return 0;
        if (!hearing.CanJudge)
        {
            if (expired.Count > 0 && !holdingBack)
            {
                logger.LogInformation("{Count} lease(s) past their deadline are not judged before {Until}: the coordinator could not hear ({Why})",
                    expired.Count, hearing.JudgesFrom, hearing.LastLoss ?? "it started");
            }

            holdingBack = expired.Count > 0;
            return 0;
        }
        holdingBack = false;
        var handed = 0;
        var now = clock.GetUtcNow();
        foreach (var lease in expired)
        {
            // Stopped leading during the pass: the new leader judges from here (the saga re-checks each deadline anyway).
            if (!leadership.IsLeader)
                break;
            // The saga may take a moment to act on it: one judgement per heartbeat interval is enough.
            if (judged.TryGetValue(lease, out var at) && now - at < leases.Value.HeartbeatInterval)
                continue;
            logger.LogInformation("Lease of {WorkItemId} attempt {Attempt} expired", lease.WorkItemId, lease.Attempt);
            if (!await PublishAsync(lease, cancellationToken))
                break;
            judged[lease] = now;
            handed++;
        }
        foreach (var old in judged.Where(pair => now - pair.Value >= leases.Value.HeartbeatInterval).Select(pair => pair.Key).ToList())
            judged.Remove(old);
        return handed;
    }

    /// <summary>
    /// A publish waits for the broker to come back; a pass must not (its lateness would look like a suspension, and
    /// the judgement would arrive after the outage, when nobody could have renewed). The saga re-checks hearing anyway.
    /// </summary>
    async Task<bool> PublishAsync(ExpireLease lease, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(leases.Value.HeartbeatInterval);
        try
        {
            await bus.Publish(lease, timeout.Token);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            hearing.Lost($"publishing to the broker failed: {exception.Message}");
            return false;
        }
    }

    /// <summary>
    /// A pass that comes much later than its interval means this process did not run (suspended, a laptop asleep,
    /// a long pause): heartbeats sent meanwhile still wait in the broker, so hearing starts again now.
    /// </summary>
    void NoticeClockJump()
    {
        var now = clock.GetUtcNow();
        var gap = now - lastPass;
        lastPass = now;
        if (gap > settings.Value.ReaperInterval + leases.Value.HeartbeatInterval)
        {
            logger.LogWarning("The lease reaper ran {Gap} after its last pass (suspended or asleep?); leases get a full period from now", gap);
            hearing.Restart($"the coordinator did not run for {gap}");
        }
    }
}
