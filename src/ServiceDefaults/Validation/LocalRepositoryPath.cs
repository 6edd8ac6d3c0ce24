namespace Stamina.ServiceDefaults.Validation;

/// <summary>
/// Local repositories: the path must lie inside an allowed root once '..' and every symbolic link are
/// resolved, and the resolved path is what git gets, so a link swapped later cannot redirect a check that
/// already passed to somewhere else. Paths need not exist yet (the coordinator may not see the worker's
/// disk); git reports a missing one when the worker fetches.
/// </summary>
static class LocalRepositoryPath
{
    public static string? ParseFileUrl(string text, IReadOnlyList<string> roots, ref RepositoryAddress? address)
    {
        // Git strips "file://" and uses the rest as a path; doing the same keeps what we check and what
        // git opens identical (no percent-decoding or dot-segment folding in between).
        var path = text["file://".Length..];
        if (!path.StartsWith('/'))
            return "a file:// address must be file:///absolute/path (no host)";
        if (path.Contains('%', StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal))
            return "a file:// address must not contain '%', '?' or '#'";
        return Parse(text, path, roots, ref address);
    }

    public static string? Parse(string text, string path, IReadOnlyList<string> roots, ref RepositoryAddress? address)
    {
        // Refused outright rather than folded: Path.GetFullPath folds "link/.." lexically, the kernel
        // physically, and the two disagree exactly when a link is involved.
        if (path.Split('/').Any(part => part is "." or ".."))
            return "'.' and '..' are not allowed in a local path";
        if (roots.Count == 0)
            return "local paths are not allowed here (no allowed local roots are configured)";
        string resolved;
        try
        {
            resolved = RealPath.Resolve(Path.GetFullPath(path));
        }
        catch (IOException)
        {
            return "the local path has a symbolic link loop";
        }
        if (!roots.Any(root => IsInside(resolved, root)))
            return $"the local path '{text}' is outside the allowed roots";
        address = new RepositoryAddress(RepositoryAddressKind.LocalPath, resolved);
        return null;
    }

    static bool IsInside(string path, string root)
    {
        if (string.IsNullOrWhiteSpace(root) || !Path.IsPathRooted(root))
            return false;
        string resolvedRoot;
        try
        {
            resolvedRoot = RealPath.Resolve(Path.GetFullPath(root));
        }
        catch (IOException)
        {
            return false;
        }
        return resolvedRoot == "/" || path == resolvedRoot || path.StartsWith(resolvedRoot + "/", StringComparison.Ordinal);
    }
}
