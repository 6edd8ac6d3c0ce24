namespace Stamina.Worker.Git;

/// <summary>Git in the worktree is in the middle of changing it (its index is locked); try again later.</summary>
public sealed class WorktreeBusyException(string worktree)
    : Exception($"The worktree {worktree} is busy: its index is locked by a git command still running in it.")
{
    public string Worktree { get; } = worktree;
}
