using Stamina.Worker.Git;

namespace Stamina.Worker.Execution;

/// <summary>
/// At start, before the bus takes work: ends the commands a killed predecessor on this work directory left
/// running, then removes the worktrees it left (those not kept for inspection). The directory's lock
/// proves the predecessor dead; its work since the last checkpoint is lost with it, as on any machine.
/// </summary>
public sealed class OrphanSweeper(CommandLedger ledger, WorktreeManager worktrees, ILogger<OrphanSweeper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await SweepAsync(ledger, worktrees, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task SweepAsync(CommandLedger ledger, WorktreeManager worktrees, ILogger logger, CancellationToken cancellationToken)
    {
        // Agents first: one must never keep writing in a tree being removed.
        ledger.EndOrphans();
        foreach (var leftover in await worktrees.RemoveLeftoversAsync(cancellationToken))
            logger.LogWarning("Removed worktree {Worktree} left by a worker that died", leftover);
    }
}
