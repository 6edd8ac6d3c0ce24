namespace Stamina.ServiceDefaults.Validation;

/// <summary>
/// realpath(3) in C#: resolves every symbolic link on the way, not only the last one (which is all
/// <see cref="FileSystemInfo.ResolveLinkTarget(bool)"/> does), so <c>/allowed/link/repo</c> with
/// <c>link -> /etc</c> is seen as <c>/etc/repo</c>. Parts that do not exist yet are kept as written.
/// </summary>
static class RealPath
{
    // Linux gives up after 40 links (ELOOP); so do we.
    const int MaxLinks = 40;

    /// <exception cref="IOException">Too many links: a loop.</exception>
    public static string Resolve(string absolutePath)
    {
        var pending = new Stack<string>(Parts(absolutePath).Reverse());
        var current = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
                continue;
            if (part == "..")
            {
                // current never holds a link, so its parent is the physical parent.
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var candidate = current == "/" ? "/" + part : current + "/" + part;
            var target = LinkTarget(candidate);
            if (target is null)
            {
                current = candidate;
                continue;
            }
            if (++links > MaxLinks)
                throw new IOException($"Too many symbolic links resolving '{absolutePath}'.");
            if (target.StartsWith('/'))
                current = "/";
            foreach (var linked in Parts(target).Reverse())
                pending.Push(linked);
        }
        return current;
    }

    static IEnumerable<string> Parts(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: treat as a plain name; the containment check still applies to what we know.
            return null;
        }
    }
}
