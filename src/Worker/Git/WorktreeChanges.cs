using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Git;

/// <summary>What the worker does with an agent's work: commit it, push it, and measure it.</summary>
public sealed class WorktreeChanges(GitCommand git)
{
    /// <summary>In the worktree's git directory: the tree of the last pushed checkpoint.</summary>
    const string LastCheckpointTreeFile = "stamina-last-checkpoint-tree";

    /// <summary>
    /// Stages everything (ignored files stay out) and commits it as the given author and committer.
    /// Hooks and signing are off: the repository's hooks are not ours to run, and a signing prompt
    /// would hang an unattended worker.
    /// </summary>
    /// <returns>The new commit id, or null when there was nothing to commit.</returns>
    public async Task<string?> CommitAllAsync(
        string worktree, string authorName, string authorEmail, string message, CancellationToken cancellationToken)
    {
        CheckIdentity(authorName, nameof(authorName));
        CheckIdentity(authorEmail, nameof(authorEmail));
        ArgumentException.ThrowIfNullOrWhiteSpace(message);

        await git.RunAsync(worktree, ["add", "--all"], cancellationToken);
        var staged = await git.RunAsync(
            worktree, ["diff", "--cached", "--quiet", "--no-ext-diff"], new GitRunOptions { ThrowOnFailure = false }, cancellationToken);
        if (staged.ExitCode == 0)
            return null;
        if (staged.ExitCode != 1)
            throw new GitCommandException(["diff", "--cached", "--quiet"], staged.ExitCode, staged.Error, timedOut: false);

        await git.RunAsync(
            worktree,
            [
                "-c", "user.name=" + authorName, "-c", "user.email=" + authorEmail, "-c", "commit.gpgSign=false",
                "commit", "--quiet", "--no-verify", "--cleanup=whitespace", "--file=-",
            ],
            new GitRunOptions { StandardInput = message, Environment = Identity(authorName, authorEmail) },
            cancellationToken);
        return await HeadAsync(worktree, cancellationToken);
    }

    /// <summary>
    /// Pushes a snapshot of the worktree as it is now (what <see cref="CommitAllAsync"/> would commit) to
    /// <c>refs/heads/{branch}</c>, as a commit whose parent is HEAD, while the agent keeps working: its HEAD,
    /// index and files stay untouched.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The snapshot is staged into a copy of the worktree's index in a temporary file (<c>GIT_INDEX_FILE</c>),
    /// so the copy's file stamps spare git from rehashing unchanged files, and the agent's own staging is
    /// never disturbed. The tree of the last pushed checkpoint is kept in the worktree's git directory; an
    /// unchanged snapshot pushes nothing.
    /// </para>
    /// <para>
    /// The branch is pushed with force, like <see cref="PushAsync"/>. Never run both at the same time for one
    /// worktree: whichever push lands last wins, and it must be the final one.
    /// </para>
    /// </remarks>
    /// <returns>The pushed commit, or null when nothing changed since the last checkpoint (or since HEAD before the first).</returns>
    /// <exception cref="WorktreeBusyException">A git command of the agent holds the index lock; try again later.</exception>
    /// <exception cref="GitCommandException">Staging, committing or pushing failed.</exception>
    public async Task<string?> CheckpointAsync(
        string worktree,
        RepositoryAddress repository,
        string branch,
        string authorName,
        string authorEmail,
        string message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (!GitRefRules.IsValidBranchName(branch, out var error))
            throw new ArgumentException(error, nameof(branch));
        CheckIdentity(authorName, nameof(authorName));
        CheckIdentity(authorEmail, nameof(authorEmail));
        ArgumentException.ThrowIfNullOrWhiteSpace(message);

        var gitDir = (await git.RunAsync(worktree, ["rev-parse", "--absolute-git-dir"], cancellationToken)).Output.Trim();
        var index = Path.Combine(gitDir, "index");
        // The agent's git is mid-operation (a commit, a rebase step): a snapshot now could catch it halfway.
        if (File.Exists(index + ".lock"))
            throw new WorktreeBusyException(worktree);
        var head = await TryRevParseAsync(worktree, "HEAD", cancellationToken);
        var tree = await SnapshotTreeAsync(worktree, index, cancellationToken);

        var lastTreeFile = Path.Combine(gitDir, LastCheckpointTreeFile);
        var lastTree = File.Exists(lastTreeFile)
            ? (await File.ReadAllTextAsync(lastTreeFile, cancellationToken)).Trim()
            : head is null ? null : await TryRevParseAsync(worktree, head + "^{tree}", cancellationToken);
        if (tree == lastTree)
            return null;

        var commit = (await git.RunAsync(
            worktree,
            ["commit-tree", "--no-gpg-sign", .. head is null ? Array.Empty<string>() : ["-p", head], "-F", "-", tree],
            new GitRunOptions { StandardInput = message.TrimEnd() + "\n", Environment = Identity(authorName, authorEmail) },
            cancellationToken)).Output.Trim();
        await git.RunAsync(
            worktree,
            ["push", "--quiet", "--no-verify", "--end-of-options", repository.Value, $"+{commit}:refs/heads/{branch}"],
            cancellationToken);
        await File.WriteAllTextAsync(lastTreeFile, tree, cancellationToken);
        return commit;
    }

    /// <summary>
    /// Pushes HEAD to <c>refs/heads/{branch}</c> of the remote. For a local path repository the branch
    /// lands in that repository; for https and ssh the user's own git credentials apply.
    /// </summary>
    /// <remarks>
    /// Forced, so the final save always wins over the checkpoints: a checkpoint is a commit on top of HEAD
    /// that HEAD never moves to, so the final commit, made on HEAD, is no fast-forward of the branch; and an
    /// agent that amended or rebased must not have its work refused either. Forcing overwrites nobody's work:
    /// the branch has exactly one writer, the worker holding the attempt (the attempt number is the fencing
    /// token, see <see cref="BranchNames"/>).
    /// </remarks>
    public Task PushAsync(string worktree, RepositoryAddress remote, string branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!GitRefRules.IsValidBranchName(branch, out var error))
            throw new ArgumentException(error, nameof(branch));
        return git.RunAsync(
            worktree,
            ["push", "--quiet", "--no-verify", "--end-of-options", remote.Value, $"+HEAD:refs/heads/{branch}"],
            cancellationToken);
    }

    /// <summary>Commits and lines changed from <paramref name="baseCommit"/> to HEAD (renames count once).</summary>
    public async Task<DiffSummary> DiffSummaryAsync(string worktree, string baseCommit, CancellationToken cancellationToken)
    {
        if (!GitText.IsObjectName(baseCommit))
            throw new ArgumentException($"'{baseCommit}' is not a commit id.", nameof(baseCommit));
        var head = await HeadAsync(worktree, cancellationToken);
        var count = await git.RunAsync(worktree, ["rev-list", "--count", $"{baseCommit}..{head}"], cancellationToken);

        int files = 0, insertions = 0, deletions = 0;
        // --numstat prints "added<TAB>deleted<TAB>path", or "-<TAB>-<TAB>path" for a binary file. Lines are
        // summed as they stream, so a huge diff never has to fit in the captured output.
        await git.RunAsync(
            worktree,
            ["diff", "--numstat", "--find-renames", "--no-ext-diff", "--no-textconv", baseCommit, head, "--"],
            new GitRunOptions
            {
                OnOutputLine = line =>
                {
                    var fields = line.Split('\t', 3);
                    if (fields.Length < 3)
                        return;
                    files++;
                    insertions += int.TryParse(fields[0], out var added) ? added : 0;
                    deletions += int.TryParse(fields[1], out var deleted) ? deleted : 0;
                },
            },
            cancellationToken);
        return new DiffSummary(baseCommit, head, int.Parse(count.Output.Trim()), files, insertions, deletions);
    }

    /// <summary>Stages the whole worktree into a temporary copy of <paramref name="index"/> and returns its tree.</summary>
    async Task<string> SnapshotTreeAsync(string worktree, string index, CancellationToken cancellationToken)
    {
        // Outside the worktree, so neither the agent nor `git add` sees it; unique, as calls may overlap.
        var snapshot = Path.Combine(Path.GetTempPath(), $"stamina-checkpoint-{Guid.NewGuid():N}.index");
        try
        {
            // git replaces its index by renaming a new file over it, so a copy is never half written.
            // A worktree without an index (none yet) simply stages everything afresh.
            if (File.Exists(index))
                File.Copy(index, snapshot);
            var options = new GitRunOptions { Environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = snapshot } };
            await git.RunAsync(worktree, ["add", "--all"], options, cancellationToken);
            return (await git.RunAsync(worktree, ["write-tree"], options, cancellationToken)).Output.Trim();
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(snapshot + ".lock");
        }
    }

    /// <summary>The object id a revision names, or null when it names nothing (HEAD of a branch without commits).</summary>
    async Task<string?> TryRevParseAsync(string worktree, string revision, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(
            worktree,
            ["rev-parse", "--verify", "--quiet", "--end-of-options", revision],
            new GitRunOptions { ThrowOnFailure = false },
            cancellationToken);
        if (result.ExitCode is not (0 or 1))
            throw new GitCommandException(["rev-parse", "--verify", revision], result.ExitCode, result.Error, timedOut: false);
        return result.Succeeded ? result.Output.Trim() : null;
    }

    static Dictionary<string, string?> Identity(string name, string email) => new()
    {
        ["GIT_AUTHOR_NAME"] = name,
        ["GIT_AUTHOR_EMAIL"] = email,
        ["GIT_COMMITTER_NAME"] = name,
        ["GIT_COMMITTER_EMAIL"] = email,
    };

    async Task<string> HeadAsync(string worktree, CancellationToken cancellationToken) =>
        (await git.RunAsync(worktree, ["rev-parse", "--verify", "HEAD"], cancellationToken)).Output.Trim();

    static void CheckIdentity(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Any(c => char.IsControl(c) || c is '<' or '>'))
            throw new ArgumentException($"{name} must not contain '<', '>' or control characters.", name);
    }
}
