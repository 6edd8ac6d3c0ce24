using System.Security.Cryptography;
using System.Text;
using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Git;

/// <summary>
/// One bare mirror per repository under <c>{workDir}/mirrors</c>, fetched before each item, from which
/// worktrees are made. Several worker processes may share the work directory: every change to a mirror
/// happens under its <see cref="MirrorLock"/>.
/// </summary>
/// <remarks>
/// The remote's branches land in <c>refs/remotes/origin/*</c>, never in <c>refs/heads/*</c>: a plain
/// <c>git clone --bare</c> maps branches onto <c>refs/heads/*</c>, and git then refuses to fetch into a
/// branch that a worktree has checked out. So a mirror is made with <c>git init --bare</c>, a remote with
/// that refspec and a first fetch (the same objects as a clone), built in a temporary directory and
/// renamed into place so a crash never leaves a half-made mirror. <c>refs/heads</c> holds only the
/// worker's own attempt branches.
/// </remarks>
public sealed class MirrorCache(string workDir, GitCommand git, TimeSpan? lockTimeout = null)
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);

    const string BranchRefspec = "+refs/heads/*:refs/remotes/origin/*";
    const string TagRefspec = "+refs/tags/*:refs/tags/*";

    readonly string mirrors = Path.Combine(Path.GetFullPath(workDir), "mirrors");
    readonly TimeSpan lockLimit = lockTimeout ?? DefaultLockTimeout;

    /// <summary><c>{workDir}/mirrors/{first 16 hex digits of sha256(address)}.git</c>.</summary>
    public string MirrorPathFor(RepositoryAddress repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(repository.Value));
        return Path.Combine(mirrors, Convert.ToHexStringLower(hash)[..16] + ".git");
    }

    /// <summary>Creates the mirror if needed, then fetches branches and tags (pruning deleted ones).</summary>
    /// <returns>The mirror's path.</returns>
    /// <exception cref="GitCommandException">The repository cannot be reached or read.</exception>
    /// <exception cref="TimeoutException">Another worker held the mirror's lock too long.</exception>
    public async Task<string> EnsureFreshAsync(RepositoryAddress repository, CancellationToken cancellationToken)
    {
        var mirror = MirrorPathFor(repository);
        Directory.CreateDirectory(mirrors);
        using (await MirrorLock.AcquireAsync(mirror, lockLimit, cancellationToken))
        {
            if (File.Exists(Path.Combine(mirror, "HEAD")))
                await FetchAsync(mirror, cancellationToken);
            else
                await CreateAsync(mirror, repository, cancellationToken);
            // Automatic gc is off everywhere (see GitCommand); this is the one place it runs, in the
            // foreground and under the lock. Git keeps objects that any worktree's HEAD or index uses.
            await git.RunAsync(mirror, ["-c", "gc.auto=6700", "-c", "gc.autoDetach=false", "gc", "--auto", "--quiet"], cancellationToken);
        }
        return mirror;
    }

    /// <summary>
    /// The full commit id for a base ref: <c>HEAD</c> (the remote's default branch), a branch of the remote
    /// (<c>main</c>, <c>refs/heads/main</c>), else a tag, else a full or abbreviated commit id.
    /// </summary>
    /// <exception cref="ArgumentException">The ref breaks <see cref="GitRefRules"/>.</exception>
    /// <exception cref="GitRefNotFoundException">Nothing in the mirror has that name.</exception>
    /// <summary>The base ref that means "the remote's default branch".</summary>
    public const string DefaultBranch = "HEAD";

    public async Task<string> ResolveCommitAsync(string mirror, string baseRef, CancellationToken cancellationToken)
    {
        if (baseRef != DefaultBranch && !GitRefRules.IsValidBaseRef(baseRef, out var error))
            throw new ArgumentException(error, nameof(baseRef));
        if (baseRef == DefaultBranch)
            await UpdateDefaultBranchAsync(mirror, cancellationToken);
        foreach (var candidate in baseRef == DefaultBranch ? ["refs/remotes/origin/HEAD"] : Candidates(baseRef))
        {
            var result = await git.RunAsync(
                mirror,
                ["rev-parse", "--verify", "--quiet", "--end-of-options", candidate + "^{commit}"],
                new GitRunOptions { ThrowOnFailure = false },
                cancellationToken);
            if (result.Succeeded)
                return result.Output.Trim();
        }
        throw new GitRefNotFoundException(baseRef, await RemoteUrlAsync(mirror, cancellationToken));
    }

    static IEnumerable<string> Candidates(string baseRef)
    {
        const string heads = "refs/heads/";
        if (baseRef.StartsWith(heads, StringComparison.Ordinal))
        {
            yield return "refs/remotes/origin/" + baseRef[heads.Length..];
            yield break;
        }
        if (baseRef.StartsWith("refs/tags/", StringComparison.Ordinal))
        {
            yield return baseRef;
            yield break;
        }
        yield return "refs/remotes/origin/" + baseRef;
        yield return "refs/tags/" + baseRef;
        if (GitText.IsObjectName(baseRef))
            yield return baseRef;
    }

    async Task CreateAsync(string mirror, RepositoryAddress repository, CancellationToken cancellationToken)
    {
        // We hold the lock, so a leftover temporary directory is from a crashed run.
        var building = mirror + ".new";
        DirectoryTree.Delete(building);
        await git.RunAsync(mirrors, ["init", "--bare", "--quiet", "--", building], cancellationToken);
        // Set once: the mirror's path is derived from the address, so the URL never changes under it.
        await git.RunAsync(building, ["config", "remote.origin.url", repository.Value], cancellationToken);
        await git.RunAsync(building, ["config", "--replace-all", "remote.origin.fetch", BranchRefspec], cancellationToken);
        // Agents run git in the worktrees too; their automatic gc must not repack under our feet.
        await git.RunAsync(building, ["config", "gc.auto", "0"], cancellationToken);
        await git.RunAsync(building, ["config", "maintenance.auto", "false"], cancellationToken);
        await FetchAsync(building, cancellationToken);
        Directory.Move(building, mirror);
    }

    // Every item pays for this, so it is one git process: the refspecs are given, not read from config.
    Task FetchAsync(string mirror, CancellationToken cancellationToken) =>
        git.RunAsync(mirror, ["fetch", "--quiet", "--prune", "--no-write-fetch-head", "origin", BranchRefspec, TagRefspec], cancellationToken);

    /// <summary>
    /// Points <c>refs/remotes/origin/HEAD</c> at the remote's default branch, asking the remote. Only items
    /// based on "HEAD" need it. An empty remote has none; such an item then fails to resolve its base, clearly.
    /// </summary>
    Task UpdateDefaultBranchAsync(string mirror, CancellationToken cancellationToken) =>
        git.RunAsync(mirror, ["remote", "set-head", "origin", "--auto"], new GitRunOptions { ThrowOnFailure = false }, cancellationToken);

    async Task<string> RemoteUrlAsync(string mirror, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(
            mirror, ["config", "--get", "remote.origin.url"], new GitRunOptions { ThrowOnFailure = false }, cancellationToken);
        return result.Succeeded ? GitText.Redact(result.Output.Trim()) : $"the mirror {mirror}";
    }
}
