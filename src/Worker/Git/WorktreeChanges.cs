using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Git;

/// <summary>What the worker does with an agent's work: commit it, push it, and measure it.</summary>
public sealed class WorktreeChanges(GitCommand git)
{
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
            new GitRunOptions
            {
                StandardInput = message,
                Environment = new Dictionary<string, string?>
                {
                    ["GIT_AUTHOR_NAME"] = authorName,
                    ["GIT_AUTHOR_EMAIL"] = authorEmail,
                    ["GIT_COMMITTER_NAME"] = authorName,
                    ["GIT_COMMITTER_EMAIL"] = authorEmail,
                },
            },
            cancellationToken);
        return await HeadAsync(worktree, cancellationToken);
    }

    /// <summary>
    /// Pushes HEAD to <c>refs/heads/{branch}</c> of the remote. For a local path repository the branch
    /// lands in that repository; for https and ssh the user's own git credentials apply.
    /// </summary>
    /// <remarks>
    /// Forced: the branch belongs to this attempt alone (see <see cref="BranchNames"/>), and an agent that
    /// amended or rebased after a checkpoint push must not have its final work refused.
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

    async Task<string> HeadAsync(string worktree, CancellationToken cancellationToken) =>
        (await git.RunAsync(worktree, ["rev-parse", "--verify", "HEAD"], cancellationToken)).Output.Trim();

    static void CheckIdentity(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Any(c => char.IsControl(c) || c is '<' or '>'))
            throw new ArgumentException($"{name} must not contain '<', '>' or control characters.", name);
    }
}
