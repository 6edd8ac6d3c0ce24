namespace Stamina.Contracts;

/// <summary>A worker's answer to <see cref="PruneAttemptBranches"/>: these branches are gone from the repository.</summary>
public record AttemptBranchesPruned
{
    public Guid PruneId { get; init; }
    public string Worker { get; init; } = "";
    public string Repo { get; init; } = "";
    public IReadOnlyList<AttemptBranch> Branches { get; init; } = [];
}
