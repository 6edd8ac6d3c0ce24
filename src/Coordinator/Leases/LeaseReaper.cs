using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Leases;

/// <summary>
/// Finds running items whose lease deadline passed (a frozen worker, a partitioned machine, a lost
/// message) and hands them to the saga, which re-checks the deadline under the row lock.
/// </summary>
public sealed class LeaseReaper(
    StaminaDatabase database,
    IBus publisher,
    IOptions<DispatchSettings> settings,
    TimeProvider clock,
    ILogger<LeaseReaper> logger) : BackgroundService
{
    const string Expired = """
        select id as WorkItemId, attempt from work_items
        where state = 'Running' and lease_expires_at < @now
        order by lease_expires_at
        limit 500
        """;

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
                logger.LogWarning(exception, "Lease reaper pass failed; trying again on the next tick");
            }
        }
    }

    public async Task<int> ReapOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var expired = (await connection.QueryAsync<ExpireLease>(new CommandDefinition(
            Expired, new { now = clock.GetUtcNow() }, cancellationToken: cancellationToken))).ToList();
        foreach (var lease in expired)
        {
            logger.LogInformation("Lease of {WorkItemId} attempt {Attempt} expired", lease.WorkItemId, lease.Attempt);
            await publisher.Publish(lease, cancellationToken);
        }
        return expired.Count;
    }
}
