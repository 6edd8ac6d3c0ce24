using System.IO.Compression;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using LibGit2Sharp;

namespace Stamina.Worker.Git;

/// <summary>
/// A push to a repository on this machine done in the worker's process: the objects the origin lacks are copied into it
/// as loose objects, each checked against its id, and then the branch is moved. <c>git push</c> to a path runs seven git
/// processes (push, receive-pack, pack-objects, unpack-objects, a connectivity rev-list, for-each-ref, gc --auto), and
/// several of them read every ref of the origin, so the cost grows with every branch a night leaves there.
/// </summary>
/// <remarks>
/// Only where a push would do nothing more: when the origin would run a hook, check objects, refuse a branch or forced
/// update, or keeps its objects in a way this does not write (shared permissions, a shallow repository, objects the
/// worktree holds only in packs), <see cref="TryPush"/> returns false and <c>git push</c> does it. Objects are copied in
/// dependency order (blobs and subtrees before their tree, parents before their commit), so an object the origin holds
/// always has everything it names, even after a push killed halfway; the branch moves last.
/// </remarks>
[UnsupportedOSPlatform("windows")]
static class LocalOriginPush
{
    /// <summary>What receive-pack runs in the receiving repository (githooks(5)).</summary>
    static readonly string[] ReceiveHooks =
        ["pre-receive", "update", "post-receive", "post-update", "reference-transaction", "push-to-checkout", "proc-receive"];

    /// <summary>Settings under which receive-pack would check, refuse or add something a plain write does not.</summary>
    static readonly string[] ReceiveSettings =
    [
        "core.sharedRepository", "receive.fsckObjects", "transfer.fsckObjects", "receive.denyNonFastForwards",
        "receive.hideRefs", "transfer.hideRefs", "receive.procReceiveRefs", "receive.updateServerInfo", "receive.shallowUpdate",
    ];

    const UnixFileMode ObjectMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Sets <c>refs/heads/{branch}</c> of the repository at <paramref name="origin"/> to the commit
    /// <paramref name="revision"/> names in <paramref name="worktree"/>, forced, as <c>git push +rev:refs/heads/branch</c>.
    /// </summary>
    /// <returns>False when the push is left to git, having changed nothing the origin's refs can reach.</returns>
    public static bool TryPush(string worktree, string origin, string revision, string branch)
    {
        try
        {
            using var source = new Repository(worktree);
            if (source.Lookup(revision + "^{commit}") is not Commit tip)
                return false;
            using var target = new Repository(origin);
            var targetCommon = CommonDirectory(target.Info.Path);
            var reference = "refs/heads/" + branch;
            if (!AcceptsPlainWrites(target, targetCommon, reference))
                return false;

            var sourceObjects = Path.Combine(CommonDirectory(source.Info.Path), "objects");
            var targetObjects = Path.Combine(targetCommon, "objects");
            foreach (var id in MissingInDependencyOrder(tip, target.ObjectDatabase))
            {
                if (!CopyLooseObject(sourceObjects, targetObjects, id))
                    return false;
            }
            target.Refs.Add(reference, tip.Id, "push", allowOverwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is LibGit2SharpException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return false;
        }
    }

    static bool AcceptsPlainWrites(Repository target, string common, string reference)
    {
        if (File.Exists(Path.Combine(common, "shallow")) || ReceiveSettings.Any(name => target.Config.Get<string>(name) is not null))
            return false;
        // A relative hooks path is taken from $GIT_DIR, where receive-pack runs its hooks (githooks(5)).
        var hooks = target.Config.Get<string>("core.hooksPath")?.Value is { } configured
            ? Path.GetFullPath(ExpandHome(configured), target.Info.Path)
            : Path.Combine(common, "hooks");
        if (ReceiveHooks.Any(hook => IsExecutable(Path.Combine(hooks, hook))))
            return false;
        // receive.denyCurrentBranch: the branch checked out in the origin or one of its worktrees is git's to refuse or
        // update. Only a branch that exists can be checked out (short of an orphan checkout of an attempt's own name), and
        // the first push of an attempt's branch is the usual one: the origin's worktrees are read only for a branch it has.
        return target.Refs[reference] is null || !CheckedOutAnywhere(common, reference);
    }

    static bool CheckedOutAnywhere(string common, string reference)
    {
        var worktrees = Path.Combine(common, "worktrees");
        var heads = Directory.Exists(worktrees)
            ? Directory.EnumerateDirectories(worktrees).Select(d => Path.Combine(d, "HEAD")).Prepend(Path.Combine(common, "HEAD"))
            : [Path.Combine(common, "HEAD")];
        return heads.Any(head => File.Exists(head) && File.ReadAllText(head).Trim() == "ref: " + reference);
    }

    /// <summary>Every object reachable from <paramref name="tip"/> that the target lacks, each after all it names.</summary>
    static List<ObjectId> MissingInDependencyOrder(Commit tip, ObjectDatabase target)
    {
        var missing = new List<ObjectId>();
        var seen = new HashSet<ObjectId>();
        // Post-order over parents: a commit is emitted after every parent the target lacks.
        var stack = new Stack<(Commit Commit, bool ParentsDone)>();
        stack.Push((tip, false));
        while (stack.TryPop(out var top))
        {
            if (top.ParentsDone)
            {
                AddTree(top.Commit.Tree, target, seen, missing);
                missing.Add(top.Commit.Id);
                continue;
            }
            if (!seen.Add(top.Commit.Id) || target.Contains(top.Commit.Id))
                continue;
            stack.Push((top.Commit, true));
            foreach (var parent in top.Commit.Parents)
                stack.Push((parent, false));
        }
        return missing;
    }

    static void AddTree(Tree tree, ObjectDatabase target, HashSet<ObjectId> seen, List<ObjectId> missing)
    {
        if (!seen.Add(tree.Id) || target.Contains(tree.Id))
            return;
        foreach (var entry in tree)
        {
            if (entry.TargetType == TreeEntryTargetType.Tree)
                AddTree((Tree)entry.Target, target, seen, missing);
            else if (entry.TargetType == TreeEntryTargetType.Blob && seen.Add(entry.Target.Id) && !target.Contains(entry.Target.Id))
                missing.Add(entry.Target.Id);
            // A submodule's commit lives in another repository: git push does not send it either.
        }
        missing.Add(tree.Id);
    }

    /// <summary>
    /// Copies a loose object byte for byte and checks that the copy inflates to its id before renaming it into place;
    /// false when the object is not loose in the source.
    /// </summary>
    /// <exception cref="InvalidDataException">The object's file holds something else (a disk error, or a hand that edited it).</exception>
    static bool CopyLooseObject(string sourceObjects, string targetObjects, ObjectId id)
    {
        var (directory, file) = (id.Sha[..2], id.Sha[2..]);
        var sourcePath = Path.Combine(sourceObjects, directory, file);
        if (!File.Exists(sourcePath))
            return false;
        var targetDirectory = Path.Combine(targetObjects, directory);
        var targetPath = Path.Combine(targetDirectory, file);
        if (File.Exists(targetPath))
            return true;
        Directory.CreateDirectory(targetDirectory);
        // Written whole beside its place and renamed in, as git writes objects: a reader never sees half of one. The copy,
        // not the source, is checked: nothing can change it between the check and the rename.
        var temporary = Path.Combine(targetDirectory, $"tmp_obj_stamina_{Guid.NewGuid():N}");
        try
        {
            using (var source = File.OpenRead(sourcePath))
            using (var copy = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ObjectMode }))
            {
                source.CopyTo(copy);
            }
            if (!HashesTo(temporary, id))
                throw new InvalidDataException($"The loose object {sourcePath} does not hash to its name.");
            if (!File.Exists(targetPath))
                File.Move(temporary, targetPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        return true;
    }

    /// <summary>Whether the zlib-compressed object in <paramref name="path"/> inflates to an object whose SHA-1 is <paramref name="id"/>.</summary>
    static bool HashesTo(string path, ObjectId id)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var inflated = new ZLibStream(File.OpenRead(path), CompressionMode.Decompress);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = inflated.Read(buffer)) > 0)
            hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset()) == id.Sha;
    }

    /// <summary>The directory with a repository's objects and branches: a linked worktree's names it in <c>commondir</c>.</summary>
    static string CommonDirectory(string gitDirectory)
    {
        var pointer = Path.Combine(gitDirectory, "commondir");
        return File.Exists(pointer) ? Path.GetFullPath(File.ReadAllText(pointer).Trim(), gitDirectory) : gitDirectory;
    }

    static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
