using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Git;

/// <summary>What the worker does with an agent's work: commit it, push it, and measure it.</summary>
public sealed partial class WorktreeChanges(GitCommand git, TimeProvider? clock = null, ILogger<WorktreeChanges>? logger = null)
{
    /// <summary>How many nested repositories without a commit one staging leaves out before it gives up.</summary>
    const int MaxNestedWithoutCommit = 64;

    /// <summary>In the worktree's git directory: the tree of the last pushed checkpoint.</summary>
    const string LastCheckpointTreeFile = "stamina-last-checkpoint-tree";

    readonly TimeProvider clock = clock ?? TimeProvider.System;
    readonly ILogger logger = logger ?? NullLogger<WorktreeChanges>.Instance;

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

        // git stages (the repository's filters and ignore rules apply as in a user's git); the commit is written
        // in process, as `git commit --cleanup=whitespace` would write it: three git processes fewer per item.
        await StageAllAsync(worktree, new GitRunOptions(), cancellationToken);
        return InProcessGit.CommitIndex(worktree, authorName, authorEmail, clock.GetLocalNow(), message);
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
        if (!PushedInProcess(worktree, repository, commit, branch))
        {
            await git.RunAsync(
                worktree,
                ["push", "--quiet", "--no-verify", "--end-of-options", repository.Value, $"+{commit}:refs/heads/{branch}"],
                cancellationToken);
        }
        await File.WriteAllTextAsync(lastTreeFile, tree, cancellationToken);
        return commit;
    }

    /// <summary>
    /// Pushes HEAD to <c>refs/heads/{branch}</c> of the remote. For a local path repository the branch
    /// lands in that repository (written in process when a push would do nothing more, see
    /// <see cref="LocalOriginPush"/>); for https and ssh the user's own git credentials apply.
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
        if (PushedInProcess(worktree, remote, "HEAD", branch))
            return Task.CompletedTask;
        return git.RunAsync(
            worktree,
            ["push", "--quiet", "--no-verify", "--end-of-options", remote.Value, $"+HEAD:refs/heads/{branch}"],
            cancellationToken);
    }

    static bool PushedInProcess(string worktree, RepositoryAddress remote, string revision, string branch) =>
        remote.Kind == RepositoryAddressKind.LocalPath && !OperatingSystem.IsWindows() && LocalOriginPush.TryPush(worktree, remote.Value, revision, branch);

    /// <summary>Commits and lines changed from <paramref name="baseCommit"/> to HEAD (renames count once).</summary>
    /// <remarks>Read in process: what <c>git diff --numstat --find-renames</c> reports, without three git processes.</remarks>
    public Task<DiffSummary> DiffSummaryAsync(string worktree, string baseCommit, CancellationToken cancellationToken)
    {
        if (!GitText.IsObjectName(baseCommit))
            throw new ArgumentException($"'{baseCommit}' is not a commit id.", nameof(baseCommit));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(InProcessGit.Summarize(worktree, baseCommit));
    }

    /// <summary>Stages the whole worktree into a temporary copy of <paramref name="index"/> and returns its tree.</summary>
    async Task<string> SnapshotTreeAsync(string worktree, string index, CancellationToken cancellationToken)
    {
        // Beside the index in the worktree's git directory: neither the agent nor `git add` sees it, a killed worker's
        // leftover goes with the worktree, and it is unique, as calls may overlap.
        var snapshot = $"{index}.stamina-checkpoint-{Guid.NewGuid():N}";
        try
        {
            // git replaces its index by renaming a new file over it, so a copy is never half written.
            // A worktree without an index (none yet) simply stages everything afresh.
            if (File.Exists(index))
                File.Copy(index, snapshot);
            var options = new GitRunOptions { Environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = snapshot } };
            await StageAllAsync(worktree, options, cancellationToken);
            return (await git.RunAsync(worktree, ["write-tree"], options, cancellationToken)).Output.Trim();
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(snapshot + ".lock");
        }
    }

    /// <summary>
    /// <c>git add --all</c>, but for nested repositories without a commit: git can record a nested repository only as
    /// its commit, so it refuses the whole add over an empty one an agent left (<c>git init</c> in a subfolder). Each is
    /// left out, logged, and the rest is staged: the agent's other work is not lost over a folder git cannot save.
    /// </summary>
    async Task StageAllAsync(string worktree, GitRunOptions options, CancellationToken cancellationToken)
    {
        var leftOut = new List<string>();
        while (true)
        {
            string[] arguments = ["add", "--all", "--", ".", .. leftOut.Select(path => ":(exclude,literal)" + path)];
            var result = await git.RunAsync(worktree, arguments, options with { ThrowOnFailure = false }, cancellationToken);
            if (result.Succeeded)
                break;
            if (leftOut.Count >= MaxNestedWithoutCommit || NestedWithoutCommit().Match(result.Error) is not { Success: true } match
                || leftOut.Contains(match.Groups["path"].Value))
            {
                throw new GitCommandException(arguments, result.ExitCode, result.Error, timedOut: false);
            }
            leftOut.Add(match.Groups["path"].Value);
        }
        if (leftOut.Count > 0)
            logger.LogWarning("Left out of the commit in {Worktree}: nested repositories without a commit, which git cannot record: {Paths}", worktree, leftOut);
    }

    [GeneratedRegex(@"^error: '(?<path>.+)/' does not have a commit checked out$", RegexOptions.Multiline)]
    private static partial Regex NestedWithoutCommit();

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

    static void CheckIdentity(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Any(c => char.IsControl(c) || c is '<' or '>'))
            throw new ArgumentException($"{name} must not contain '<', '>' or control characters.", name);
    }
}
