using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Fleet;

/// <summary>
/// Announces this run of the worker at start (the coordinator admits or refuses it), then tells the
/// coordinator every interval that it lives and what it does; says goodbye on stop.
/// </summary>
public sealed class WorkerHeartbeatService(
    IBus bus,
    WorkerRegistration registration,
    StartRefusal refusal,
    IHostApplicationLifetime lifetime,
    WorkerActivity activity,
    AccountGate account,
    BrokerWatchdog watchdog,
    IOptions<WorkerSettings> settings,
    TimeProvider clock,
    ILogger<WorkerHeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await AnnounceAsync(stoppingToken))
            return;
        registration.Accept();
        var interval = settings.Value.HeartbeatInterval;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
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
                    Status = (status, accountStatus) switch
                    {
                        (WorkerStatus.Idle, { } closed) => closed,
                        (WorkerStatus.Busy, WorkerStatus.Drained) => WorkerStatus.Draining,
                        _ => status,
                    },
                    LimitedUntil = limitedUntil,
                    Attention = attention,
                    DrainedByOperator = account.DrainedByOperator,
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
    }

    /// <summary>Asks until the coordinator answers (it may be starting too). False: refused, or stopped first.</summary>
    async Task<bool> AnnounceAsync(CancellationToken stoppingToken)
    {
        var request = new RegisterWorker
        {
            Worker = WorkerIdentityFactory.Create(settings.Value),
            StartedAt = activity.StartedAt,
            WorkDir = settings.Value.ResolveWorkDir(),
            Version = WorkerIdentityFactory.Version,
            Interval = settings.Value.HeartbeatInterval,
        };
        var registrations = bus.CreateRequestClient<RegisterWorker>();
        var pause = settings.Value.HeartbeatInterval < TimeSpan.FromSeconds(5) ? settings.Value.HeartbeatInterval : TimeSpan.FromSeconds(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var response = await registrations.GetResponseWithinAsync<RegisterWorker, WorkerRegistered, WorkerRefused>(
                    request, TimeSpan.FromSeconds(10), TimeProvider.System, stoppingToken);
                if (response.Is(out Response<WorkerRefused>? refused))
                {
                    refusal.Refuse(refused.Message.Reason, lifetime);
                    return false;
                }
                logger.LogInformation("Registered as worker {Worker} (work dir {WorkDir})", request.Worker.Name, request.WorkDir);
                if (response.Is(out Response<WorkerRegistered>? registered) && registered.Message.Drained)
                {
                    logger.LogWarning("Worker {Worker} is drained (an operator drained it): taking no work until it is undrained", request.Worker.Name);
                    account.Drain(Execution.DrainWorkerConsumer.DrainedByOperator);
                }
                return true;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("The coordinator did not answer this worker's announcement ({Message}); asking again", exception.Message);
            }
            await Task.Delay(pause, clock, stoppingToken);
        }
        return false;
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
