namespace Stamina.Worker.Processes.Sandbox;

/// <summary>Says at start how commands run: sandboxed (information), or not (a critical line, never silent).</summary>
public sealed class SandboxReport(CommandSandboxes sandboxes, ILogger<SandboxReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (sandboxes.Warning is { } warning)
            logger.LogCritical("{Warning}", warning);
        else
            logger.LogInformation("Commands and agents run sandboxed (bubblewrap: own PID and network namespaces, only their worktree writable)");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
