namespace Stamina.Worker.Processes.Sandbox;

/// <summary>
/// A linked worktree's git directories: its own (<c>&lt;mirror&gt;/worktrees/&lt;name&gt;</c>, named by the worktree's
/// <c>.git</c> file) and the shared one (the mirror, named by its <c>commondir</c> file).
/// </summary>
sealed record WorktreeGitDirectories(string Own, string Common)
{
    /// <summary>Null when <paramref name="worktree"/> is not a linked worktree (a plain directory, or a repository of its own).</summary>
    public static WorktreeGitDirectories? Find(string worktree)
    {
        if (Git.WorktreeLink.AdminFolderOf(worktree) is not { } own)
            return null;
        var commonFile = Path.Combine(own, "commondir");
        var common = File.Exists(commonFile) ? Path.GetFullPath(File.ReadAllText(commonFile).Trim(), own) : own;
        return Directory.Exists(own) && Directory.Exists(common) ? new WorktreeGitDirectories(own, common) : null;
    }
}
