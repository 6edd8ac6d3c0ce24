using System.Collections.Concurrent;
using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Git;

/// <summary>
/// One worktree per attempt at <c>{workDir}/worktrees/{itemId:N}</c>, on the attempt's own branch. The path is
/// the item's, not the attempt's: a later attempt on this worker replaces an earlier one's worktree (its work
/// was pushed), and an agent that files its sessions by working directory (Claude) can resume there. Worktrees
/// of failed attempts are marked kept (a <c>.kept</c> file beside them, outside the tree so git never sees
/// it) and pruned oldest first when they outgrow the disk budget.
/// <para>
/// A finished attempt's worktree can go in the background (<see cref="RemoveInBackgroundAsync"/>), off the item's way to
/// its result. It never leaks: a new worktree at the same path waits for it, a stopping worker waits for all of them
/// (<see cref="WhenRemovedAsync"/>), and one a crash cut short is a leftover the next start sweeps (<see cref="LeftoverCleanup"/>).
/// </para>
/// </summary>
public sealed class WorktreeManager
{
    const string KeptSuffix = ".kept";

    /// <summary>What an admin folder keeps when its worktree is reused: everything else is the last attempt's state.</summary>
    static readonly string[] AdminEssentials = ["HEAD", "commondir", "gitdir"];

    readonly string worktrees;
    readonly GitCommand git;
    readonly TimeSpan lockLimit;
    readonly SpareWorktrees spares;
    readonly ConcurrentDictionary<string, Task> removals = new();

    /// <param name="spareWorktrees">How many finished worktrees to keep for reuse (0: every attempt checks out afresh).</param>
    public WorktreeManager(string workDir, GitCommand git, TimeSpan? lockTimeout = null, int spareWorktrees = 0, TimeProvider? clock = null)
    {
        worktrees = Path.Combine(Path.GetFullPath(workDir), "worktrees");
        this.git = git;
        lockLimit = lockTimeout ?? MirrorCache.DefaultLockTimeout;
        spares = new SpareWorktrees(worktrees, spareWorktrees, clock ?? TimeProvider.System);
    }

    public string PathFor(Guid itemId) => Path.Combine(worktrees, $"{itemId:N}");

    /// <summary>The folder holding every worktree of this work directory.</summary>
    public string Folder => worktrees;

    /// <summary>Whether a worktree was kept for inspection (see <see cref="MarkKept"/>).</summary>
    public static bool IsKept(string worktree) => File.Exists(worktree + KeptSuffix);

    /// <summary>The path of a kept marker's worktree, or null for any other file name.</summary>
    public static string? KeptWorktreeOf(string marker) => marker.EndsWith(KeptSuffix, StringComparison.Ordinal) ? marker[..^KeptSuffix.Length] : null;

    /// <summary>
    /// Checks out <paramref name="baseCommit"/> on a new <paramref name="branch"/>. A worktree or branch of
    /// the same name left by a crashed run is removed first: the attempt number is granted once, so
    /// whatever holds it now is dead.
    /// </summary>
    /// <returns>The worktree's path.</returns>
    /// <exception cref="GitCommandException">git refused, for example the branch is checked out elsewhere.</exception>
    public async Task<string> CreateAsync(
        string mirror, Guid itemId, int attempt, string baseCommit, string branch, CancellationToken cancellationToken)
    {
        if (!GitText.IsObjectName(baseCommit, minimumLength: 40))
            throw new ArgumentException($"'{baseCommit}' is not a full commit id.", nameof(baseCommit));
        if (!GitRefRules.IsValidBranchName(branch, out var error))
            throw new ArgumentException(error, nameof(branch));
        var path = PathFor(itemId);
        Directory.CreateDirectory(worktrees);
        if (removals.TryGetValue(path, out var removal))
            await removal.WaitAsync(cancellationToken);
        using (await MirrorLock.AcquireAsync(mirror, lockLimit, cancellationToken))
        {
            ForgetKept(path);
            // Only a crashed run leaves something here; the usual case costs no git process.
            if (Directory.Exists(path) || IsRegistered(mirror, path))
                await RemoveWorktreeAsync(mirror, path, cancellationToken);
            if (await ReuseSpareAsync(mirror, path, branch, baseCommit, cancellationToken))
                return path;
            // -B: a branch of that name left by a crashed run is reset, not refused.
            await git.RunAsync(mirror, ["worktree", "add", "--quiet", "-B", branch, "--", path, baseCommit], cancellationToken);
        }
        return path;
    }

    /// <summary>
    /// Moves a spare of the mirror to <paramref name="path"/> and resets it (<see cref="ResetAsync"/>). False when there is
    /// none or it could not be made right: whatever it left at the path is gone then, for a fresh worktree.
    /// </summary>
    async Task<bool> ReuseSpareAsync(string mirror, string path, string branch, string baseCommit, CancellationToken cancellationToken)
    {
        if (spares.Capacity == 0)
            return false;
        try
        {
            if (spares.TakeFor(mirror, path) is not { } spare)
                return false;
            if (await ResetAsync(path, spare, branch, baseCommit, cancellationToken))
                return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A spare that cannot be moved in: a fresh worktree instead.
        }
        if (Directory.Exists(path) || IsRegistered(mirror, path))
            await RemoveWorktreeAsync(mirror, path, cancellationToken);
        return false;
    }

    /// <summary>
    /// Makes a reused worktree what <c>git worktree add</c> would have made, rewriting only the files that differ: the
    /// admin folder loses every trace of the last attempt (its index with any assume-unchanged or skip-worktree bits, a
    /// merge or rebase in progress, worktree config, sparse patterns, logs); a mixed reset reads the index from the base
    /// commit and refreshes it against the files (hashing, no writes); a forced checkout puts back what differs on the new branch;
    /// <c>clean -ffdx</c> deletes every untracked and ignored file and nested repository. False when git refused, or the
    /// old tree held submodules: then the caller starts afresh.
    /// </summary>
    async Task<bool> ResetAsync(string path, WorktreeLink link, string branch, string baseCommit, CancellationToken cancellationToken)
    {
        try
        {
            if (Directory.Exists(Path.Combine(link.Admin, "modules")))
                return false;
            foreach (var entry in new DirectoryInfo(link.Admin).EnumerateFileSystemInfos())
            {
                if (AdminEssentials.Contains(entry.Name, StringComparer.Ordinal))
                    continue;
                if (entry is DirectoryInfo directory)
                    DirectoryTree.Delete(directory.FullName);
                else
                    entry.Delete();
            }
            await File.WriteAllTextAsync(Path.Combine(link.Admin, "commondir"), "../..\n", cancellationToken);
            // HEAD on the base first, so that the reset's ORIG_HEAD names no commit of the last attempt.
            await File.WriteAllTextAsync(Path.Combine(link.Admin, "HEAD"), baseCommit + "\n", cancellationToken);
            // One process reads the base into the index and refreshes it against the files (hashing, no writes). Not
            // --quiet: before git 2.36 that, or reset.quiet, skipped the refresh. Exit 1 says some files differ from the
            // index (the checkout below rewrites those); a reset that failed leaves the checkout to rewrite every file.
            var reset = await git.RunAsync(path, ["-c", "reset.quiet=false", "reset", "--mixed"], new GitRunOptions { ThrowOnFailure = false }, cancellationToken);
            if (reset.ExitCode is not (0 or 1))
                return false;
            File.Delete(Path.Combine(link.Admin, "ORIG_HEAD"));
            await git.RunAsync(path, ["checkout", "--quiet", "--force", "-B", branch, baseCommit], cancellationToken);
            await git.RunAsync(path, ["clean", "-ffdxq"], cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is GitCommandException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts retiring a finished attempt's worktree and returns at once: kept as a spare for the next item of its
    /// repository when reuse is on and the worktree is sound, removed otherwise. Tracked as a removal is.
    /// </summary>
    public Task RetireInBackgroundAsync(string worktree) =>
        TrackAsync(worktree, path => RetireAsync(path, CancellationToken.None));

    /// <summary>
    /// Keeps the worktree as a spare (its HEAD detached, so that its branch can be pruned) and removes the spares beyond
    /// the limit; removes it instead when reuse is off or the worktree is not sound (see <see cref="WorktreeLink.Sound"/>).
    /// </summary>
    public async Task RetireAsync(string worktree, CancellationToken cancellationToken)
    {
        ForgetKept(worktree);
        if (spares.Capacity > 0 && WorktreeLink.Sound(worktree) is { } link && HeadCommit(worktree) is { } head)
        {
            try
            {
                using (await MirrorLock.AcquireAsync(link.Mirror, lockLimit, cancellationToken))
                {
                    await File.WriteAllTextAsync(Path.Combine(link.Admin, "HEAD"), head + "\n", cancellationToken);
                    spares.Admit(worktree, link);
                }
                foreach (var excess in spares.Excess())
                    await RemoveAsync(excess, cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Not kept (a full disk, say): removed below; a half-moved spare is not sound, and the next start sweeps it.
            }
        }
        await RemoveAsync(worktree, cancellationToken);
    }

    static string? HeadCommit(string worktree)
    {
        try
        {
            return InProcessGit.ResolveFirstCommit(worktree, ["HEAD"]);
        }
        catch (LibGit2Sharp.LibGit2SharpException)
        {
            return null;
        }
    }

    /// <summary>The folder inside <see cref="Folder"/> that holds the spare worktrees.</summary>
    public const string SpareFolderName = SpareWorktrees.FolderName;

    /// <summary>The spare worktrees kept for reuse, newest first.</summary>
    public IReadOnlyList<string> Spares => spares.NewestFirst();

    /// <summary>The folder of the spare worktrees (inside <see cref="Folder"/>; no item's worktree).</summary>
    public string SpareFolder => spares.Folder;

    /// <summary>Removes every spare that is not sound any more, and those beyond the limit.</summary>
    /// <returns>The spares removed.</returns>
    public async Task<IReadOnlyList<string>> PruneSparesAsync(CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        foreach (var spare in spares.NewestFirst().Where(spare => WorktreeLink.Sound(spare) is null).Concat(spares.Excess()).Distinct().ToList())
        {
            await RemoveAsync(spare, cancellationToken);
            removed.Add(spare);
        }
        return removed;
    }

    /// <summary>
    /// Starts removing a finished attempt's worktree and returns at once; the task ends when it is gone (or its
    /// removal failed: the next start sweeps it).
    /// </summary>
    public Task RemoveInBackgroundAsync(string worktree) =>
        TrackAsync(worktree, path => RemoveAsync(path, CancellationToken.None));

    /// <summary>Runs <paramref name="step"/> on the worktree in the background, after any earlier one on the same path.</summary>
    Task TrackAsync(string worktree, Func<string, Task> step)
    {
        var removal = removals.AddOrUpdate(
            worktree,
            path => Task.Run(() => step(path)),
            (path, earlier) => earlier.ContinueWith(_ => step(path), TaskScheduler.Default).Unwrap());
        _ = removal.ContinueWith(done => removals.TryRemove(new KeyValuePair<string, Task>(worktree, done)), TaskScheduler.Default);
        return removal;
    }

    /// <summary>Waits for every removal started by <see cref="RemoveInBackgroundAsync"/> (their failures are their callers' to log).</summary>
    public async Task WhenRemovedAsync()
    {
        try
        {
            await Task.WhenAll(removals.Values);
        }
        catch (Exception)
        {
            // Logged where each was started; a failed one is a leftover for the next start.
        }
    }

    /// <summary>Removes a worktree (its branch stays in the mirror). Missing or broken ones are deleted anyway.</summary>
    public async Task RemoveAsync(string worktree, CancellationToken cancellationToken)
    {
        ForgetKept(worktree);
        if (!Directory.Exists(worktree))
            return;
        if (WorktreeLink.Of(worktree)?.Mirror is not { } mirror)
        {
            // Not a worktree any more; the mirror forgets it at its next `worktree prune`.
            DirectoryTree.Delete(worktree);
            return;
        }
        using (await MirrorLock.AcquireAsync(mirror, lockLimit, cancellationToken))
            await RemoveWorktreeAsync(mirror, worktree, cancellationToken);
    }

    /// <summary>Keeps a failed attempt's worktree for inspection until <see cref="PruneKeptWorktreesAsync"/> needs the space.</summary>
    public void MarkKept(string worktree) =>
        File.WriteAllText(worktree + KeptSuffix, DateTimeOffset.UtcNow.ToString("O"));

    /// <summary>Removes the oldest kept worktrees until the kept ones together use at most <paramref name="maxBytes"/>.</summary>
    /// <returns>The worktrees removed.</returns>
    public async Task<IReadOnlyList<string>> PruneKeptWorktreesAsync(long maxBytes, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(worktrees))
            return [];
        var kept = new DirectoryInfo(worktrees).EnumerateFiles("*" + KeptSuffix)
            .OrderBy(marker => marker.LastWriteTimeUtc)
            .Select(marker => marker.FullName[..^KeptSuffix.Length])
            .Select(path => (Path: path, Size: DirectoryTree.Size(path)))
            .ToList();
        var total = kept.Sum(worktree => worktree.Size);
        var removed = new List<string>();
        foreach (var (path, size) in kept)
        {
            if (total <= maxBytes)
                break;
            await RemoveAsync(path, cancellationToken);
            total -= size;
            removed.Add(path);
        }
        return removed;
    }

    static void ForgetKept(string worktree)
    {
        // File.Delete throws when the directory is missing, not when the file is.
        if (File.Exists(worktree + KeptSuffix))
            File.Delete(worktree + KeptSuffix);
    }

    async Task RemoveWorktreeAsync(string mirror, string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            // Twice --force: also removes a worktree with untracked files or one that is locked.
            var removed = await git.RunAsync(
                mirror,
                ["worktree", "remove", "--force", "--force", "--", path],
                new GitRunOptions { ThrowOnFailure = false },
                cancellationToken);
            DirectoryTree.Delete(path);
            // git forgot it itself: a prune would find nothing more of ours.
            if (removed.Succeeded && !IsRegistered(mirror, path))
                return;
        }
        await git.RunAsync(mirror, ["worktree", "prune"], cancellationToken);
    }

    /// <summary>
    /// Whether the mirror still records a worktree at <paramref name="path"/>: one of its <c>worktrees/*/gitdir</c>
    /// files names a <c>.git</c> in a folder of the path's name (git writes the real path, which may differ by links;
    /// the name is the item's id, unique in this work directory). Read directly; git would need a process to say it.
    /// </summary>
    static bool IsRegistered(string mirror, string path)
    {
        var admin = Path.Combine(mirror, "worktrees");
        if (!Directory.Exists(admin))
            return false;
        var name = Path.GetFileName(path);
        foreach (var entry in Directory.EnumerateDirectories(admin))
        {
            var gitdir = Path.Combine(entry, "gitdir");
            try
            {
                if (File.Exists(gitdir) && Path.GetFileName(Path.GetDirectoryName(File.ReadAllText(gitdir).Trim())) == name)
                    return true;
            }
            catch (IOException)
            {
                // Being removed as we read: not a record of this path.
            }
        }
        return false;
    }
}
