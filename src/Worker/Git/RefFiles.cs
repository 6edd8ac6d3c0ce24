using System.IO.Enumeration;
using System.Text;

namespace Stamina.Worker.Git;

/// <summary>
/// Reads a repository's refs straight from its files (<c>packed-refs</c>, and the loose refs that override it), skipping
/// whole folders the caller does not want: the attempt branches a night leaves in the origin are never opened, so
/// comparing an origin with its mirror costs what the user's own branches cost. libgit2 would read every ref, twice.
/// </summary>
/// <remarks>
/// Anything this does not read plainly (a symbolic ref, a file that is no object id, a repository that keeps its refs
/// elsewhere: a linked worktree, reftable) gives null, and the caller does the slow, sure thing.
/// </remarks>
static class RefFiles
{
    /// <summary>
    /// The direct refs under <paramref name="prefixes"/> (each ending in '/') of the repository at
    /// <paramref name="gitDirectory"/>, by full name, but those named in <paramref name="skip"/>; null when they cannot be
    /// read plainly.
    /// </summary>
    /// <param name="skip">Ref names, or prefixes ending in '/', left out unread.</param>
    public static Dictionary<string, string>? TryRead(string gitDirectory, IReadOnlyList<string> prefixes, IReadOnlyList<string> skip)
    {
        try
        {
            if (File.Exists(Path.Combine(gitDirectory, "commondir")) || Directory.Exists(Path.Combine(gitDirectory, "reftable")))
                return null;
            var refs = new Dictionary<string, string>(StringComparer.Ordinal);
            var packed = Path.Combine(gitDirectory, "packed-refs");
            if (File.Exists(packed) && !ReadPacked(packed, prefixes, skip, refs))
                return null;
            foreach (var prefix in prefixes)
            {
                var folder = Path.Combine(gitDirectory, prefix.TrimEnd('/'));
                if (Directory.Exists(folder) && !ReadLoose(folder, prefix, skip, refs))
                    return null;
            }
            return refs;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A ref deleted or packed while we read: the caller's slow path sees it right.
            return null;
        }
    }

    /// <summary>The git directory of a repository path: its <c>.git</c> folder, or itself when bare; null otherwise.</summary>
    public static string? GitDirectoryOf(string repository)
    {
        var dotGit = Path.Combine(repository, ".git");
        if (Directory.Exists(dotGit))
            return dotGit;
        return File.Exists(Path.Combine(repository, "HEAD")) && Directory.Exists(Path.Combine(repository, "refs")) ? repository : null;
    }

    static bool ReadPacked(string file, IReadOnlyList<string> prefixes, IReadOnlyList<string> skip, Dictionary<string, string> refs)
    {
        foreach (var line in File.ReadLines(file))
        {
            // The header, and the peeled commit of the annotated tag above ('^'): neither is a ref.
            if (line.Length == 0 || line[0] is '#' or '^')
                continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !GitText.IsObjectName(line[..space], minimumLength: 40))
                return false;
            var name = line[(space + 1)..];
            if (Wanted(name, prefixes, skip))
                refs[name] = line[..space];
        }
        return true;
    }

    /// <summary>
    /// Longer than any direct ref (a SHA-256 id and its newline): a file that fills it is something else, a symbolic
    /// ref say.
    /// </summary>
    const int LooseRefBytes = 72;

    /// <summary>What a directory entry is, read from the listing itself (no stat per entry).</summary>
    static readonly EnumerationOptions EveryEntry = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    static bool ReadLoose(string folder, string prefix, IReadOnlyList<string> skip, Dictionary<string, string> refs)
    {
        var entries = new FileSystemEnumerable<(string Name, string Path, bool IsDirectory)>(folder,
            (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.ToFullPath(), entry.IsDirectory), EveryEntry);
        foreach (var (entryName, path, isDirectory) in entries)
        {
            var name = prefix + entryName;
            if (isDirectory)
            {
                if (!Skipped(name + "/", skip) && !ReadLoose(path, name + "/", skip, refs))
                    return false;
                continue;
            }
            // git's own lock files while it writes a ref: not refs (a ref name cannot end in ".lock").
            if (Skipped(name, skip) || name.EndsWith(".lock", StringComparison.Ordinal))
                continue;
            if (ReadObjectName(path) is not { } target)
                return false;
            refs[name] = target;
        }
        return true;
    }

    /// <summary>
    /// The object id a loose ref file holds, or null when it holds anything else. One small read: a night's worth of
    /// branches is read per item, and a reader and decoder per file cost more than the read.
    /// </summary>
    static string? ReadObjectName(string path)
    {
        Span<byte> content = stackalloc byte[LooseRefBytes];
        int length;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            length = RandomAccess.Read(handle, content, fileOffset: 0);
        if (length == content.Length)
            return null;
        var text = Encoding.ASCII.GetString(content[..length]).TrimEnd('\n');
        return GitText.IsObjectName(text, minimumLength: 40) ? text : null;
    }

    static bool Wanted(string name, IReadOnlyList<string> prefixes, IReadOnlyList<string> skip) =>
        prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !Skipped(name, skip);

    static bool Skipped(string name, IReadOnlyList<string> skip) =>
        skip.Any(s => s.EndsWith('/') ? name.StartsWith(s, StringComparison.Ordinal) : name == s);
}
