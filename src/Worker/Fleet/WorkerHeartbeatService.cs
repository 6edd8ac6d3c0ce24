using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Worker.Fleet;

/// <summary>Tells the coordinator every interval that this worker lives and what it does; says goodbye on stop.</summary>
public sealed class WorkerHeartbeatService(
    IBus bus,
    WorkerActivity activity,
    AccountGate account,
    BrokerWatchdog watchdog,
    IOptions<WorkerSettings> settings,
    TimeProvider clock,
    ILogger<WorkerHeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = settings.Value.HeartbeatInterval;
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                var (status, item, attempt) = activity.Snapshot();
                var (accountStatus, limitedUntil, attention) = account.Snapshot();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(interval);
                await bus.Publish(new WorkerHeartbeat
                {
                    Worker = WorkerIdentityFactory.Create(settings.Value),
                    Status = status == WorkerStatus.Idle && accountStatus is { } closed ? closed : status,
                    LimitedUntil = limitedUntil,
                    Attention = attention,
                    CurrentItem = item,
                    CurrentAttempt = attempt,
                    Version = WorkerIdentityFactory.Version,
                    StartedAt = activity.StartedAt,
                    SentAt = clock.GetUtcNow(),
                    Interval = interval,
                }, timeout.Token);
                watchdog.Succeeded();
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Worker heartbeat not sent: {Message}", exception.Message);
                watchdog.Failed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await bus.Publish(new WorkerStopped
            {
                Name = settings.Value.Name,
                StartedAt = activity.StartedAt,
                StoppedAt = clock.GetUtcNow(),
            }, cancellationToken);
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Could not announce the stop");
        }
    }
}
