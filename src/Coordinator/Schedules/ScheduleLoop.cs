using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Schedules;

/// <summary>
/// Fires schedules every <see cref="ScheduleSettings.PollInterval"/>. Runs on the leader only (<c>LeaderOnly</c>); the
/// occurrence rows make a second firing impossible even if two coordinators believed they led (<see cref="ScheduleFiring"/>).
/// </summary>
public sealed class ScheduleLoop(ScheduleFiring firing, IOptions<ScheduleSettings> settings, TimeProvider clock, ILogger<ScheduleLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.PollInterval, clock);
        try
        {
            do
            {
                try
                {
                    await firing.FireDueAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database away or failing over: the next pass finds the same occurrences due (they are not recorded yet).
                    logger.LogWarning(exception, "Firing schedules failed; trying again in {Interval}", settings.Value.PollInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
