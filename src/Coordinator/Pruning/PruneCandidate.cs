namespace Stamina.Coordinator.Pruning;

/// <summary>An attempt branch of a finished item that <c>stamina prune</c> would delete.</summary>
public sealed record PruneCandidate
{
    public Guid ItemId { get; init; }
    public int Attempt { get; init; }
    public string Branch { get; init; } = "";
    public string Repo { get; init; } = "";
    public string State { get; init; } = "";

    /// <summary>The succeeded item's accepted attempt: kept unless asked.</summary>
    public bool Accepted { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
}
