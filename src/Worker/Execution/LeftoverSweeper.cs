using Microsoft.Extensions.Options;
using Stamina.Worker.Git;

namespace Stamina.Worker.Execution;

/// <summary>
/// At start, after <see cref="OrphanSweeper"/> and before the bus takes work, removes the worktrees and refs
/// that attempts of a killed predecessor left in the work directory. A failure is logged, never fatal: leftovers
/// cost disk, not correctness.
/// </summary>
public sealed class LeftoverSweeper(LeftoverCleanup cleanup, IOptions<WorkerSettings> settings, ILogger<LeftoverSweeper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await cleanup.CleanAsync(settings.Value.KeptWorktreeBytes, cancellationToken);
            if (report.RemovedWorktrees.Count > 0 || report.DroppedAttemptRefs > 0)
            {
                logger.LogInformation("Removed {Worktrees} leftover worktrees and {Refs} fetched attempt branches from the work directory",
                    report.RemovedWorktrees.Count, report.DroppedAttemptRefs);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Cleaning the work directory's leftovers failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
