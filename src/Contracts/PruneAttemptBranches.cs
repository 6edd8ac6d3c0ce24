namespace Stamina.Contracts;

/// <summary>
/// Published to every worker by <c>stamina prune</c>: delete these attempt branches of one repository from the
/// repository itself (workers hold the git credentials), from the mirrors and from kept worktrees.
/// </summary>
public record PruneAttemptBranches
{
    public Guid PruneId { get; init; }
    public string Repo { get; init; } = "";
    public IReadOnlyList<AttemptBranch> Branches { get; init; } = [];
}
