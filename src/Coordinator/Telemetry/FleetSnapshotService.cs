using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Telemetry;

/// <summary>
/// Takes a <see cref="FleetSnapshot"/> every <see cref="MetricsSettings.SnapshotInterval"/>, so a scrape never waits
/// on the database and many scrapers cost no more than one. A failed snapshot keeps the last one and is logged.
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
