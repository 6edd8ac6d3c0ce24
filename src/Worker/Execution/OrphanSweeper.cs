using Microsoft.Extensions.Options;
using Stamina.Worker.Git;
using Stamina.Worker.Processes.Cgroups;

namespace Stamina.Worker.Execution;

/// <summary>
/// At start, before the bus takes work: ends the commands a killed predecessor on this work directory left
/// running (and removes their cgroups), then removes the worktrees and refs its attempts left (those not kept for inspection) and trims the
/// kept ones to their budget. The directory's lock proves the predecessor dead; its work since the last
/// checkpoint is lost with it, as on any machine. A failed clean-up is logged, never fatal: leftovers cost disk.
/// </summary>
public sealed class OrphanSweeper(
    CommandLedger ledger, LeftoverCleanup cleanup, AttemptCgroups cgroups, WorktreeManager worktrees, IOptions<WorkerSettings> settings,
    ILogger<OrphanSweeper> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the bus takes work, so the first item's lease does not pay for loading it.
        logger.LogDebug("In-process git: {Version}", InProcessGit.Load());
        return SweepAsync(ledger, cleanup, cgroups, settings.Value.KeptWorktreeBytes, logger, cancellationToken);
    }

    /// <summary>Worktrees still being removed in the background go before the worker does (a crash leaves them to the next start).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await worktrees.WhenRemovedAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time to stop: what is left is swept at the next start.
        }
    }

    public static async Task SweepAsync(
        CommandLedger ledger, LeftoverCleanup cleanup, AttemptCgroups cgroups, long keptWorktreeBytes, ILogger logger, CancellationToken cancellationToken)
    {
        // Agents first: one must never keep writing in a tree being removed.
        ledger.EndOrphans();
        try
        {
            // Those that left their process group too: the cgroup holds them all.
            if (await cgroups.SweepAsync() is > 0 and var swept)
                logger.LogWarning("Ended and removed {Count} attempt cgroups left by a worker that died", swept);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(exception, "Removing the cgroups left by a worker that died failed");
        }
        try
        {
            var report = await cleanup.CleanAsync(keptWorktreeBytes, cancellationToken);
            foreach (var leftover in report.RemovedWorktrees)
                logger.LogWarning("Removed worktree {Worktree} left by a worker that died", leftover);
            if (report.DroppedAttemptRefs > 0)
                logger.LogInformation("Dropped {Refs} fetched attempt branches from the mirrors", report.DroppedAttemptRefs);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Cleaning the work directory's leftovers failed");
        }
    }
}
