using Stamina.Coordinator.Pruning;

namespace Stamina.Coordinator.Api;

/// <summary>What <c>POST /api/prune</c> found, and whether it asked the workers to delete it.</summary>
public sealed record PruneAnswer
{
    public bool DryRun { get; init; }
    public bool IncludeAccepted { get; init; }
    public string OlderThan { get; init; } = "";
    public DateTimeOffset Cutoff { get; init; }

    /// <summary>Live workers the prune was sent to (each one that has a mirror of a repository deletes its branches).</summary>
    public int Workers { get; init; }
    public IReadOnlyList<PruneCandidate> Branches { get; init; } = [];
}
