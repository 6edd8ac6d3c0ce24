namespace Stamina.Worker.Processes.Cgroups;

/// <summary>Says at start how attempts are limited: a critical line when a limit set cannot be kept (never silent).</summary>
public sealed class AttemptCgroupReport(AttemptCgroups cgroups, ILogger<AttemptCgroupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (cgroups.Warning is { } warning)
            logger.LogCritical("{Warning}", warning);
        else if (cgroups.IsActive)
            logger.LogInformation("Each attempt runs in a cgroup of its own: {Limits}", cgroups.Limits);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
