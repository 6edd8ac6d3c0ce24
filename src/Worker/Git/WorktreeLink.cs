namespace Stamina.Worker.Git;

/// <summary>
/// How a worktree hangs on its mirror: its <c>.git</c> file names its admin folder
/// (<c>{mirror}/worktrees/{name}</c>), and that folder's <c>gitdir</c> file names the worktree back. Read directly:
/// asking git would search upwards from a broken worktree and could find an enclosing repository.
/// </summary>
sealed record WorktreeLink(string Mirror, string Admin)
{
    const string Prefix = "gitdir:";

    /// <summary>The link of a worktree whose <c>.git</c> is a file naming an admin folder of a mirror; else null.</summary>
    public static WorktreeLink? Of(string worktree)
    {
        if (AdminFolderOf(worktree) is not { } admin)
            return null;
        var mirror = Path.GetDirectoryName(Path.GetDirectoryName(admin));
        return Directory.Exists(admin) && mirror is not null && File.Exists(Path.Combine(mirror, "HEAD")) ? new WorktreeLink(mirror, admin) : null;
    }

    /// <summary>The folder a worktree's <c>.git</c> file names (<c>gitdir: …</c>), as a full path; null when there is no such file.</summary>
    public static string? AdminFolderOf(string worktree)
    {
        var link = Path.Combine(worktree, ".git");
        if (!File.Exists(link))
            return null;
        var line = File.ReadLines(link).FirstOrDefault() ?? "";
        return line.StartsWith(Prefix, StringComparison.Ordinal) ? Path.GetFullPath(line[Prefix.Length..].Trim(), worktree) : null;
    }

    /// <summary>
    /// The link of a worktree that is sound both ways, as <c>git worktree add</c> left it: <c>.git</c> a plain file (no
    /// symbolic link), the admin folder a direct child of <c>{mirror}/worktrees</c> that names this worktree back (by
    /// its folder's name: git writes the real path, which may differ by links). An agent can rewrite either file; a
    /// worktree that fails this is removed, never reused.
    /// </summary>
    public static WorktreeLink? Sound(string worktree)
    {
        var dotGit = new FileInfo(Path.Combine(worktree, ".git"));
        if (!dotGit.Exists || dotGit.LinkTarget is not null || Of(worktree) is not { } link)
            return null;
        if (Path.GetDirectoryName(link.Admin) != Path.Combine(link.Mirror, "worktrees"))
            return null;
        var back = Path.Combine(link.Admin, "gitdir");
        try
        {
            return File.Exists(back) && Path.GetFileName(Path.GetDirectoryName(File.ReadAllText(back).Trim())) == Path.GetFileName(Path.TrimEndingDirectorySeparator(worktree))
                ? link
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Tells the mirror the worktree now lives at <paramref name="worktree"/> (what <c>git worktree move</c> writes).</summary>
    public void PointAdminAt(string worktree) => File.WriteAllText(Path.Combine(Admin, "gitdir"), Path.Combine(worktree, ".git") + "\n");
}
