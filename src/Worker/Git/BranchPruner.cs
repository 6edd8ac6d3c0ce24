using Stamina.Contracts;
using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Git;

/// <summary>
/// Deletes finished attempts' branches (<c>stamina prune</c>): from the repository, from this worker's mirror
/// of it, and the kept worktrees on them. Only names of the form <c>…/{itemId:N}/{attempt}</c> matching the
/// ids they came with are touched, so no message can make it delete <c>main</c>.
/// </summary>
public sealed class BranchPruner(MirrorCache mirrors, WorktreeManager worktrees, GitCommand git)
{
    /// <summary>
    /// Prunes <paramref name="branches"/> of <paramref name="repository"/>; the item in <paramref name="skipItem"/>
    /// (one this worker runs right now) is left alone.
    /// </summary>
    /// <returns>
    /// The branches the repository no longer has (deleted now or before), or null when this worker has no mirror
    /// of the repository: it never worked on it, so it may lack the credentials, and has nothing of it to clean.
    /// </returns>
    /// <exception cref="GitCommandException">The repository could not be read.</exception>
    public async Task<IReadOnlyList<AttemptBranch>?> PruneAsync(
        RepositoryAddress repository, IReadOnlyList<AttemptBranch> branches, Guid? skipItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var mirror = mirrors.MirrorPathFor(repository);
        if (!File.Exists(Path.Combine(mirror, "HEAD")))
            return null;
        var wanted = branches.Where(b => b.WorkItemId != skipItem && IsAttemptBranch(b)).ToList();
        if (wanted.Count == 0)
            return [];

        await RemoveKeptWorktreesAsync(wanted, cancellationToken);
        await DeleteMirrorRefsAsync(mirror, wanted, cancellationToken);

        var existing = await RemoteBranchesAsync(mirror, repository, wanted, cancellationToken);
        if (existing.Count > 0)
        {
            var push = await git.RunAsync(
                mirror,
                ["push", "--quiet", "--no-verify", "--end-of-options", repository.Value, .. existing.Select(b => ":refs/heads/" + b)],
                new GitRunOptions { ThrowOnFailure = false },
                cancellationToken);
            // Another worker may have deleted some of them first: ask again rather than trust the exit code.
            if (!push.Succeeded)
                existing = await RemoteBranchesAsync(mirror, repository, wanted, cancellationToken);
            else
                existing = [];
        }
        return [.. wanted.Where(b => !existing.Contains(b.Branch))];
    }

    /// <summary>A valid branch name ending in the ids it came with: an attempt branch under any prefix.</summary>
    public static bool IsAttemptBranch(AttemptBranch branch) =>
        branch.Attempt >= 1
        && GitRefRules.IsValidBranchName(branch.Branch, out _)
        && branch.Branch.Length > 33
        && branch.Branch.EndsWith($"/{branch.WorkItemId:N}/{branch.Attempt}", StringComparison.Ordinal);

    async Task RemoveKeptWorktreesAsync(IReadOnlyList<AttemptBranch> wanted, CancellationToken cancellationToken)
    {
        foreach (var item in wanted.Select(b => b.WorkItemId).Distinct())
        {
            var path = worktrees.PathFor(item);
            if (!WorktreeManager.IsKept(path))
                continue;
            var head = await git.RunAsync(path, ["symbolic-ref", "--quiet", "--short", "HEAD"], new GitRunOptions { ThrowOnFailure = false }, cancellationToken);
            if (wanted.Any(b => b.WorkItemId == item && b.Branch == head.Output.Trim()))
                await worktrees.RemoveAsync(path, cancellationToken);
        }
    }

    /// <summary>The attempt's own branch (made by its worktree) and any remote-tracking copy; a branch still checked out stays.</summary>
    async Task DeleteMirrorRefsAsync(string mirror, IReadOnlyList<AttemptBranch> wanted, CancellationToken cancellationToken)
    {
        using (await MirrorLock.AcquireAsync(mirror, MirrorCache.DefaultLockTimeout, cancellationToken))
        {
            var listed = (await git.RunAsync(mirror, ["worktree", "list", "--porcelain"], cancellationToken)).Output;
            var checkedOut = listed.Split('\n')
                .Where(line => line.StartsWith("branch ", StringComparison.Ordinal))
                .Select(line => line["branch ".Length..].Trim())
                .ToHashSet(StringComparer.Ordinal);
            var deletes = wanted
                .SelectMany(b => new[] { "refs/heads/" + b.Branch, "refs/remotes/origin/" + b.Branch })
                .Where(name => !checkedOut.Contains(name))
                .Select(name => $"delete {name}\n");
            await git.RunAsync(mirror, ["update-ref", "--stdin"], new GitRunOptions { StandardInput = string.Concat(deletes) }, cancellationToken);
        }
    }

    async Task<HashSet<string>> RemoteBranchesAsync(
        string mirror, RepositoryAddress repository, IReadOnlyList<AttemptBranch> wanted, CancellationToken cancellationToken)
    {
        // Patterns match the end of a ref name; the full name matches exactly that ref.
        var result = await git.RunAsync(
            mirror,
            ["ls-remote", "--heads", "--", repository.Value, .. wanted.Select(b => "refs/heads/" + b.Branch)],
            cancellationToken);
        var names = wanted.Select(b => b.Branch).ToHashSet(StringComparer.Ordinal);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2) is [_, var name] ? name.Trim() : "")
            .Where(name => name.StartsWith("refs/heads/", StringComparison.Ordinal))
            .Select(name => name["refs/heads/".Length..])
            .Where(names.Contains)
            .ToHashSet(StringComparer.Ordinal);
    }
}
