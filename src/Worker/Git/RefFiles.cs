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

    static bool ReadLoose(string folder, string prefix, IReadOnlyList<string> skip, Dictionary<string, string> refs)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var name = prefix + entry.Name;
            if (entry is DirectoryInfo directory)
            {
                if (!Skipped(name + "/", skip) && !ReadLoose(directory.FullName, name + "/", skip, refs))
                    return false;
                continue;
            }
            // git's own lock files while it writes a ref: not refs (a ref name cannot end in ".lock").
            if (Skipped(name, skip) || name.EndsWith(".lock", StringComparison.Ordinal))
                continue;
            var content = File.ReadAllText(entry.FullName).TrimEnd('\n');
            if (!GitText.IsObjectName(content, minimumLength: 40))
                return false;
            refs[name] = content;
        }
        return true;
    }

    static bool Wanted(string name, IReadOnlyList<string> prefixes, IReadOnlyList<string> skip) =>
        prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !Skipped(name, skip);

    static bool Skipped(string name, IReadOnlyList<string> skip) =>
        skip.Any(s => s.EndsWith('/') ? name.StartsWith(s, StringComparison.Ordinal) : name == s);
}
