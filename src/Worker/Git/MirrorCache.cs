using System.Globalization;
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
/// <para>
/// Attempt branches of the whole fleet (<c>{branchPrefix}/*</c>) are left out of the fetch by a negative
/// refspec: otherwise every mirror would fill with every attempt branch ever pushed. The one a resuming
/// attempt needs is fetched on its own (<see cref="EnsureCommitAsync"/>), into no ref at all.
/// </para>
/// </remarks>
public sealed class MirrorCache(
    string workDir, GitCommand git, TimeSpan? lockTimeout = null, string branchPrefix = "stamina", TimeSpan freshFor = default, TimeProvider? clock = null)
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);

    const string BranchRefspec = "+refs/heads/*:refs/remotes/origin/*";
    const string TagRefspec = "+refs/tags/*:refs/tags/*";

    /// <summary>In the mirror: when its last successful fetch started (round-trip text, UTC).</summary>
    internal const string FetchStampFile = "stamina-fetch-started";

    readonly TimeProvider time = clock ?? TimeProvider.System;

    readonly string mirrors = Path.Combine(Path.GetFullPath(workDir), "mirrors");
    readonly TimeSpan lockLimit = lockTimeout ?? DefaultLockTimeout;
    readonly string attemptBranches = GitRefRules.IsValidBranchName(branchPrefix, out var prefixError, "branch prefix")
        ? $"refs/heads/{branchPrefix}/"
        : throw new ArgumentException(prefixError, nameof(branchPrefix));

    /// <summary>The folder holding every mirror of this work directory.</summary>
    public string MirrorsFolder => mirrors;

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
    public Task<string> EnsureFreshAsync(RepositoryAddress repository, CancellationToken cancellationToken) =>
        EnsureFreshAsync(repository, baseRef: null, cancellationToken);

    /// <summary>
    /// Creates the mirror if needed, then fetches branches and tags (pruning deleted ones), unless the fetch would
    /// tell nothing new for <paramref name="baseRef"/>:
    /// <list type="bullet">
    /// <item>a fetch that started after this call did is under way or done (another attempt sharing the work directory
    /// waited on the same lock): it saw everything pushed before this call, as this call's own fetch would;</item>
    /// <item><paramref name="baseRef"/> is a full commit id the mirror holds: a commit never changes;</item>
    /// <item>the last fetch started less than the freshness window ago (off by default): a branch then reads as it
    /// was up to that long ago;</item>
    /// <item>the repository is a path on this machine whose branches and tags already are the mirror's (read in
    /// process): the fetch would change nothing.</item>
    /// </list>
    /// </summary>
    /// <returns>The mirror's path.</returns>
    /// <exception cref="GitCommandException">The repository cannot be reached or read.</exception>
    /// <exception cref="TimeoutException">Another worker held the mirror's lock too long.</exception>
    public async Task<string> EnsureFreshAsync(RepositoryAddress repository, string? baseRef, CancellationToken cancellationToken)
    {
        var asked = time.GetUtcNow();
        var mirror = MirrorPathFor(repository);
        Directory.CreateDirectory(mirrors);
        using (await MirrorLock.AcquireAsync(mirror, lockLimit, cancellationToken))
        {
            if (!File.Exists(Path.Combine(mirror, "HEAD")))
                await CreateAsync(mirror, repository, cancellationToken);
            else if (!FetchNeeded(mirror, baseRef, asked) || await NothingToFetchAsync(mirror, repository, cancellationToken))
                return mirror;
            else
                await FetchAsync(mirror, cancellationToken);
            // Automatic gc is off everywhere (see GitCommand); this is the one place it runs, in the
            // foreground and under the lock. Git keeps objects that any worktree's HEAD or index uses.
            await git.RunAsync(mirror, ["-c", "gc.auto=6700", "-c", "gc.autoDetach=false", "gc", "--auto", "--quiet"], cancellationToken);
        }
        return mirror;
    }

    /// <summary>Whether a fetch could change what <paramref name="baseRef"/> resolves to for a call made at <paramref name="asked"/>.</summary>
    bool FetchNeeded(string mirror, string? baseRef, DateTimeOffset asked)
    {
        var now = time.GetUtcNow();
        // A stamp from the future (the clock was set back) proves nothing.
        if (LastFetchStart(mirror) is { } last && last <= now && (last > asked || now - last < freshFor))
            return false;
        return baseRef is null || !GitText.IsObjectName(baseRef, minimumLength: 40) || !InProcessGit.HasCommit(mirror, baseRef);
    }

    /// <summary>
    /// For a repository on this machine: whether its refs already are the mirror's (read in process, no git process),
    /// so that a fetch would change nothing. Stamped as a fetch that started now, which it is worth.
    /// </summary>
    async Task<bool> NothingToFetchAsync(string mirror, RepositoryAddress repository, CancellationToken cancellationToken)
    {
        if (repository.Kind != RepositoryAddressKind.LocalPath)
            return false;
        var started = time.GetUtcNow();
        if (!InProcessGit.MirrorMatchesLocalOrigin(mirror, repository.Value, attemptBranches))
            return false;
        await StampAsync(mirror, started, cancellationToken);
        return true;
    }

    static Task StampAsync(string mirror, DateTimeOffset started, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(mirror, FetchStampFile), started.ToString("O", CultureInfo.InvariantCulture), cancellationToken);

    static DateTimeOffset? LastFetchStart(string mirror)
    {
        var stamp = Path.Combine(mirror, FetchStampFile);
        return File.Exists(stamp)
            && DateTimeOffset.TryParse(File.ReadAllText(stamp), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)
            ? started
            : null;
    }

    /// <summary>The base ref that means "the remote's default branch".</summary>
    public const string DefaultBranch = "HEAD";

    /// <summary>
    /// The full commit id for a base ref: <c>HEAD</c> (the remote's default branch), a branch of the remote
    /// (<c>main</c>, <c>refs/heads/main</c>), else a tag, else a full or abbreviated commit id.
    /// </summary>
    /// <exception cref="ArgumentException">The ref breaks <see cref="GitRefRules"/>.</exception>
    /// <exception cref="GitRefNotFoundException">Nothing in the mirror has that name.</exception>
    public async Task<string> ResolveCommitAsync(string mirror, string baseRef, CancellationToken cancellationToken)
    {
        if (baseRef != DefaultBranch && !GitRefRules.IsValidBaseRef(baseRef, out var error))
            throw new ArgumentException(error, nameof(baseRef));
        if (baseRef == DefaultBranch)
            await UpdateDefaultBranchAsync(mirror, cancellationToken);
        if (await FirstCommitAsync(mirror, baseRef, cancellationToken) is { } commit)
            return commit;
        // An attempt branch (say, an accepted result to build on) is left out of every fetch: fetch it alone.
        var branch = baseRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? baseRef["refs/heads/".Length..] : baseRef;
        if (("refs/heads/" + branch).StartsWith(attemptBranches, StringComparison.Ordinal) && GitRefRules.IsValidBranchName(branch, out _))
        {
            using (await MirrorLock.AcquireAsync(mirror, lockLimit, cancellationToken))
            {
                await git.RunAsync(mirror, ["fetch", "--quiet", "--no-write-fetch-head", "--no-tags", "origin", $"+refs/heads/{branch}:refs/remotes/origin/{branch}"],
                    new GitRunOptions { ThrowOnFailure = false }, cancellationToken);
            }
            if (await FirstCommitAsync(mirror, baseRef, cancellationToken) is { } fetched)
                return fetched;
        }
        throw new GitRefNotFoundException(baseRef, await RemoteUrlAsync(mirror, cancellationToken));
    }

    // In process: one ref read is not worth a git process.
    static Task<string?> FirstCommitAsync(string mirror, string baseRef, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(InProcessGit.ResolveFirstCommit(mirror, baseRef == DefaultBranch ? ["refs/remotes/origin/HEAD"] : Candidates(baseRef)));
    }

    /// <summary>
    /// Checks that a full commit id, such as a resume point's checkpoint, is a commit of the mirror. A pushed
    /// checkpoint arrives with the next fetch of its branch (into <c>refs/remotes/origin/*</c>); unlike
    /// <see cref="ResolveCommitAsync"/> no branch or tag of the same name can stand in for it.
    /// </summary>
    /// <remarks>
    /// A commit whose branch was deleted fails here once the mirror never fetched it, so the caller starts
    /// from the base ref instead. A mirror that fetched it before the deletion still has it (until gc prunes
    /// it), and that is fine: the work is intact.
    /// </remarks>
    /// <returns>The commit id in lower case.</returns>
    /// <exception cref="ArgumentException">Not a full commit id.</exception>
    /// <exception cref="GitRefNotFoundException">The mirror has no such commit.</exception>
    public async Task<string> VerifyCommitAsync(string mirror, string commit, CancellationToken cancellationToken)
    {
        if (!GitText.IsObjectName(commit, minimumLength: 40))
            throw new ArgumentException($"'{commit}' is not a full commit id.", nameof(commit));
        var result = await git.RunAsync(
            mirror,
            ["rev-parse", "--verify", "--quiet", "--end-of-options", commit.ToLowerInvariant() + "^{commit}"],
            new GitRunOptions { ThrowOnFailure = false },
            cancellationToken);
        if (result.ExitCode is not (0 or 1))
            throw new GitCommandException(["rev-parse", "--verify", commit], result.ExitCode, result.Error, timedOut: false);
        return result.Succeeded ? result.Output.Trim() : throw new GitRefNotFoundException(commit, await RemoteUrlAsync(mirror, cancellationToken));
    }

    /// <summary>
    /// Makes sure the mirror holds <paramref name="commit"/>, such as an earlier attempt's checkpoint: when it
    /// does not, fetches <paramref name="branch"/> (an attempt branch, left out of the usual fetch) without
    /// storing any ref. The worktree made from the commit then holds it on its own branch.
    /// </summary>
    /// <remarks>
    /// The branch's tip may have moved past the checkpoint (a later checkpoint or the final commit, which is
    /// not a descendant of a checkpoint): then the commit is still missing and the caller starts from the base.
    /// </remarks>
    /// <returns>The commit id in lower case.</returns>
    /// <exception cref="ArgumentException">Not a full commit id, or not a branch name.</exception>
    /// <exception cref="GitRefNotFoundException">Neither the mirror nor the branch has that commit.</exception>
    public async Task<string> EnsureCommitAsync(string mirror, string commit, string branch, CancellationToken cancellationToken)
    {
        try
        {
            return await VerifyCommitAsync(mirror, commit, cancellationToken);
        }
        catch (GitRefNotFoundException)
        {
            if (!GitRefRules.IsValidBranchName(branch, out var error))
                throw new ArgumentException(error, nameof(branch));
            using (await MirrorLock.AcquireAsync(mirror, lockLimit, cancellationToken))
            {
                // A deleted branch is no error here: the commit is then simply not found below. An empty
                // refmap keeps git from updating refs/remotes/origin/{branch} on the side.
                await git.RunAsync(
                    mirror,
                    ["fetch", "--quiet", "--no-write-fetch-head", "--no-tags", "--refmap=", "origin", "refs/heads/" + branch],
                    new GitRunOptions { ThrowOnFailure = false },
                    cancellationToken);
            }
            return await VerifyCommitAsync(mirror, commit, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes the remote-tracking copies of attempt branches (<c>refs/remotes/origin/{prefix}/*</c>) that
    /// mirrors fetched before attempt branches were left out of the fetch; <c>--prune</c> never removes
    /// refs a negative refspec excludes.
    /// </summary>
    /// <returns>How many refs were deleted.</returns>
    public async Task<int> DropFetchedAttemptBranchesAsync(string mirror, CancellationToken cancellationToken)
    {
        var tracking = "refs/remotes/origin/" + attemptBranches["refs/heads/".Length..];
        using (await MirrorLock.AcquireAsync(mirror, lockLimit, cancellationToken))
        {
            var refs = (await git.RunAsync(mirror, ["for-each-ref", "--format=%(refname)", tracking], cancellationToken)).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (refs.Length == 0)
                return 0;
            await git.RunAsync(mirror, ["update-ref", "--stdin"],
                new GitRunOptions { StandardInput = string.Concat(refs.Select(r => $"delete {r}\n")) }, cancellationToken);
            return refs.Length;
        }
    }

    /// <summary>
    /// The text of the file at <paramref name="path"/> in <paramref name="commit"/>, read from the mirror
    /// without any worktree. Symbolic links inside the repository are followed. Invalid UTF-8 reads as U+FFFD.
    /// </summary>
    /// <param name="maxBytes">At most <see cref="GitCommand.MaxCapturedOutputBytes"/>: git's output is kept up to that.</param>
    /// <exception cref="ArgumentException">The path breaks <see cref="TaskFilePath"/> or the commit is not a full id.</exception>
    /// <exception cref="TaskFileNotFoundException">The commit has no such file (or is itself missing).</exception>
    /// <exception cref="TaskFileException">The file is larger than <paramref name="maxBytes"/>, a folder, binary, or a link out of the repository.</exception>
    public async Task<string> ReadFileAsync(string mirror, string commit, string path, int maxBytes, CancellationToken cancellationToken)
    {
        if (!GitText.IsObjectName(commit, minimumLength: 40))
            throw new ArgumentException($"'{commit}' is not a full commit id.", nameof(commit));
        if (!TaskFilePath.IsValid(path, out var error))
            throw new ArgumentException(error, nameof(path));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, GitCommand.MaxCapturedOutputBytes);

        // One process answers type and size; the path is read on stdin, so it is never an argument.
        var check = await git.RunAsync(
            mirror,
            ["cat-file", "--batch-check", "--follow-symlinks"],
            new GitRunOptions { StandardInput = $"{commit}:{path}\n" },
            cancellationToken);
        var (blob, size) = ParseBatchCheck(check.Output, commit, path);
        if (size > maxBytes)
            throw new TaskFileException($"The task file '{path}' is {size} bytes, more than the {maxBytes} allowed.");

        var content = (await git.RunAsync(mirror, ["cat-file", "blob", blob], cancellationToken)).Output;
        if (content.Contains('\0', StringComparison.Ordinal))
            throw new TaskFileException($"The task file '{path}' is binary, not text.");
        return content;
    }

    /// <summary>Reads <c>git cat-file --batch-check --follow-symlinks</c>: "{id} {type} {size}", or what went wrong.</summary>
    static (string Blob, long Size) ParseBatchCheck(string output, string commit, string path)
    {
        var fields = output.Split('\n', 2)[0].Split(' ');
        if (fields is [var id, var type, var sizeText] && GitText.IsObjectName(id, minimumLength: 40) && long.TryParse(sizeText, out var size))
        {
            return type == "blob"
                ? (id, size)
                : throw new TaskFileException($"The task file '{path}' is a {(type == "tree" ? "folder" : type)} in commit {commit}, not a file.");
        }
        return fields switch
        {
            [.., "missing"] or ["dangling" or "notdir", ..] => throw new TaskFileNotFoundException(path, commit),
            ["symlink", ..] => throw new TaskFileException($"The task file '{path}' is a symbolic link out of the repository."),
            ["loop", ..] => throw new TaskFileException($"The task file '{path}' is a loop of symbolic links."),
            _ => throw new InvalidOperationException($"Unexpected answer from git cat-file --batch-check: '{output.Trim()}'."),
        };
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

    // One git process: the refspecs are given, not read from config. Its start is stamped only once it succeeded.
    async Task FetchAsync(string mirror, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        await git.RunAsync(
            mirror,
            ["fetch", "--quiet", "--prune", "--no-write-fetch-head", "origin", BranchRefspec, "^" + attemptBranches + "*", TagRefspec],
            cancellationToken);
        await StampAsync(mirror, started, cancellationToken);
    }

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
