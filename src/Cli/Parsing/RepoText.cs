namespace Stamina.Cli.Parsing;

/// <summary>
/// A repository given as a relative path (<c>.</c>, <c>../api</c>, <c>repos/api</c>) or under <c>~</c> means a
/// directory of the user's, not of the coordinator's process: the CLI sends it as an absolute path.
/// </summary>
static class RepoText
{
    public static string Resolve(string repo, string baseDirectory, string homeDirectory)
    {
        if (repo == "~" || repo.StartsWith("~/", StringComparison.Ordinal))
            return Path.GetFullPath(homeDirectory + repo[1..]);
        return IsRelativePath(repo) ? Path.GetFullPath(Path.Combine(baseDirectory, repo)) : repo;
    }

    /// <summary>
    /// Not an absolute path, not a URL (<c>scheme://</c>) and not git's scp form (<c>host:path</c>): any ':'
    /// leaves the text as given, for the coordinator to judge.
    /// </summary>
    static bool IsRelativePath(string repo) =>
        repo.Length > 0 && !repo.StartsWith('/') && !repo.Contains(':', StringComparison.Ordinal) && repo.Trim().Length == repo.Length;
}
