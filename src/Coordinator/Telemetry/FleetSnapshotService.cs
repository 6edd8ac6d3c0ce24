using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Telemetry;

/// <summary>
/// Takes a <see cref="FleetSnapshot"/> every <see cref="MetricsSettings.SnapshotInterval"/>, so a scrape never waits
/// on the database and many scrapers cost no more than one. A failed snapshot keeps the last one and is logged.
/// Runs on the leader only (<see cref="Leadership.LeaderOnly{TLoop}"/>), so the fleet's gauges are exported once.
/// </summary>
public sealed class FleetSnapshotService(
    FleetSnapshotQueries queries,
    FleetGauges gauges,
    IOptions<MetricsSettings> settings,
    TimeProvider clock,
    ILogger<FleetSnapshotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.SnapshotInterval, clock);
        try
        {
            do
            {
                try
                {
                    gauges.Show(await queries.TakeAsync(stoppingToken));
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "The metrics snapshot failed; the gauges keep the last one");
                }
            }
            while (await WaitAsync(timer, stoppingToken));
        }
        finally
        {
            // Runs on the leader only: a replica that stops leading shows zeros, so sums over replicas count the fleet once.
            gauges.Show(FleetSnapshot.Empty);
        }
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
