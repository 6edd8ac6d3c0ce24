namespace Stamina.Worker.Git;

/// <summary>
/// Removes what attempts of a killed worker left in its work directory: worktrees no running attempt owns,
/// git's records of worktrees that are gone, kept markers without a worktree, and remote-tracking copies
/// of attempt branches that older mirrors fetched. Kept worktrees of failed attempts stay, within their budget, and
/// sound spare worktrees stay for reuse, within their number.
/// </summary>
/// <remarks>
/// Run it only when no attempt of the work directory runs: at start, after the orphaned commands are ended
/// and before the bus takes work. The killed attempt's work up to its last checkpoint is on its branch; the
/// item resumes from there, so its worktree holds nothing the fleet still needs.
/// </remarks>
public sealed class LeftoverCleanup(MirrorCache mirrors, WorktreeManager worktrees, GitCommand git)
{
    /// <returns>The worktrees removed (left over or over the kept budget) and the attempt refs dropped from mirrors.</returns>
    public async Task<LeftoverCleanupReport> CleanAsync(long keptWorktreeBytes, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        if (Directory.Exists(worktrees.Folder))
        {
            foreach (var directory in Directory.GetDirectories(worktrees.Folder))
            {
                if (WorktreeManager.IsKept(directory) || directory == worktrees.SpareFolder)
                    continue;
                await worktrees.RemoveAsync(directory, cancellationToken);
                removed.Add(directory);
            }
            foreach (var marker in Directory.GetFiles(worktrees.Folder))
            {
                if (WorktreeManager.KeptWorktreeOf(marker) is { } kept && !Directory.Exists(kept))
                    File.Delete(marker);
            }
            removed.AddRange(await worktrees.PruneKeptWorktreesAsync(keptWorktreeBytes, cancellationToken));
            removed.AddRange(await worktrees.PruneSparesAsync(cancellationToken));
        }

        var droppedRefs = 0;
        if (Directory.Exists(mirrors.MirrorsFolder))
        {
            foreach (var mirror in Directory.GetDirectories(mirrors.MirrorsFolder, "*.git"))
            {
                if (!File.Exists(Path.Combine(mirror, "HEAD")))
                    continue;
                // Forgets worktrees whose directory is gone (deleted by hand, or by a crash mid-removal).
                await git.RunAsync(mirror, ["worktree", "prune"], cancellationToken);
                droppedRefs += await mirrors.DropFetchedAttemptBranchesAsync(mirror, cancellationToken);
            }
        }
        return new LeftoverCleanupReport(removed, droppedRefs);
    }
}
