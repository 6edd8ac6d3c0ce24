using Stamina.Worker.Fleet;
using Stamina.Worker.Hooks;

namespace Stamina.Local;

/// <summary>
/// Registered after MassTransit: starts every worker's heartbeats (and health checks) once the bus is up, and stops
/// them (each says goodbye) before the bus stops, as a worker process does.
/// </summary>
sealed class LocalWorkerLoops(LocalWorkers workers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var heartbeat in workers.Each<WorkerHeartbeatService>())
            await heartbeat.StartAsync(cancellationToken);
        foreach (var check in workers.Each<HealthCheckLoop>())
            await check.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(workers.Each<HealthCheckLoop>().Select(h => h.StopAsync(cancellationToken))
            .Concat(workers.Each<WorkerHeartbeatService>().Select(h => h.StopAsync(cancellationToken))));
}
