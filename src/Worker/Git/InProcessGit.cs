using LibGit2Sharp;

namespace Stamina.Worker.Git;

/// <summary>
/// The local git steps every item pays for, done in the worker's own process with LibGit2Sharp instead of a git
/// process each: reading a ref, writing a commit from the index, and the diff summary. Network operations
/// (fetch, push) and worktree checkout stay with the git CLI (<see cref="GitCommand"/>): the user's credential
/// helpers and config apply there, and git checks out a tree faster.
/// </summary>
/// <remarks>
/// libgit2 runs no hooks, no filters of the repository's config and no external diff, so the hardening that
/// <see cref="GitCommand"/> adds on git's command line has nothing to turn off here. Staging stays with
/// <c>git add</c>, which applies the repository's clean filters and ignore rules exactly as a user's git would.
/// </remarks>
static class InProcessGit
{
    /// <summary>git's default rename limit for <c>git diff</c> (libgit2's is 200), so summaries count alike.</summary>
    const int RenameLimit = 1000;

    /// <summary>
    /// Loads libgit2 (a native library of some megabytes) now, at the worker's start, rather than on the first
    /// item's lease.
    /// </summary>
    public static string Load() => GlobalSettings.Version.ToString();

    /// <summary>The full commit id the first of <paramref name="revisions"/> that names a commit peels to, or null.</summary>
    public static string? ResolveFirstCommit(string repositoryPath, IEnumerable<string> revisions)
    {
        using var repository = new Repository(repositoryPath);
        foreach (var revision in revisions)
        {
            try
            {
                // As `git rev-parse --verify {revision}^{commit}`: a tag peels to its commit, a tree or blob is no commit.
                if (repository.Lookup(revision + "^{commit}") is Commit commit)
                    return commit.Sha;
            }
            catch (LibGit2SharpException)
            {
                // Not found, ambiguous, or not a commit: not this one, as `git rev-parse --verify` failing.
            }
        }
        return null;
    }

    /// <summary>Whether the repository holds the commit with this full id.</summary>
    public static bool HasCommit(string repositoryPath, string commit)
    {
        using var repository = new Repository(repositoryPath);
        return ObjectId.TryParse(commit, out var id) && repository.Lookup<Commit>(id) is not null;
    }

    /// <summary>
    /// Commits the index of <paramref name="worktree"/> on top of HEAD and moves HEAD (its branch, or HEAD itself when
    /// detached) to it, as <c>git commit --cleanup=whitespace</c> does; null when the index's tree is HEAD's.
    /// </summary>
    public static string? CommitIndex(string worktree, string name, string email, DateTimeOffset when, string message)
    {
        using var repository = new Repository(worktree);
        var tree = repository.Index.WriteToTree();
        var parent = repository.Head.Tip;
        if (parent is not null && parent.Tree.Id == tree.Id)
            return null;
        var identity = new Signature(name, email, when);
        var commit = repository.ObjectDatabase.CreateCommit(
            identity, identity, message, tree, parent is null ? [] : [parent], prettifyMessage: true, commentChar: null);
        var reflog = "commit: " + commit.MessageShort;
        if (repository.Refs.Head is SymbolicReference head)
            repository.Refs.Add(head.TargetIdentifier, commit.Id, reflog, allowOverwrite: true);
        else
            repository.Refs.UpdateTarget(repository.Refs.Head, commit.Id, reflog);
        return commit.Sha;
    }

    /// <summary>
    /// What <c>git rev-list --count base..HEAD</c> and <c>git diff --numstat --find-renames base HEAD</c> report: binary
    /// files count as changed with no lines, a rename counts once.
    /// </summary>
    public static DiffSummary Summarize(string worktree, string baseCommit)
    {
        using var repository = new Repository(worktree);
        var head = repository.Head.Tip ?? throw new InvalidOperationException($"The worktree {worktree} has no HEAD commit.");
        var from = repository.Lookup<Commit>(baseCommit) ?? throw new GitRefNotFoundException(baseCommit, worktree);
        var commits = repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = head, ExcludeReachableFrom = from }).Count();
        var options = new CompareOptions
        {
            Similarity = new SimilarityOptions { RenameDetectionMode = RenameDetectionMode.Renames, RenameLimit = RenameLimit },
        };
        var stats = repository.Diff.Compare<PatchStats>(from.Tree, head.Tree, options);
        return new DiffSummary(baseCommit, head.Sha, commits, stats.Count(), stats.TotalLinesAdded, stats.TotalLinesDeleted);
    }

    /// <summary>
    /// Whether a fetch from the repository at <paramref name="origin"/> (a path on this machine) would change nothing in
    /// the mirror: the origin's branches, but those under <paramref name="excludedBranches"/> (attempt branches, left out
    /// of the fetch, and never even read), are the mirror's <c>refs/remotes/origin/*</c> one for one, and its tags are the
    /// mirror's tags, each naming the same object. False when something differs, a ref is symbolic, or either repository
    /// cannot be read plainly (<see cref="RefFiles"/>): the fetch then decides.
    /// </summary>
    public static bool MirrorMatchesLocalOrigin(string mirror, string origin, string excludedBranches)
    {
        const string heads = "refs/heads/", tags = "refs/tags/", tracking = "refs/remotes/origin/";
        if (RefFiles.GitDirectoryOf(origin) is not { } originGit
            || RefFiles.TryRead(originGit, [heads, tags], [excludedBranches]) is not { } source
            || RefFiles.TryRead(mirror, [tracking, tags], [tracking + "HEAD"]) is not { } local
            || source.Count != local.Count)
        {
            return false;
        }
        foreach (var (name, target) in source)
        {
            var mapped = name.StartsWith(heads, StringComparison.Ordinal) ? tracking + name[heads.Length..] : name;
            if (!local.TryGetValue(mapped, out var mirrored) || mirrored != target)
                return false;
        }
        return true;
    }
}
