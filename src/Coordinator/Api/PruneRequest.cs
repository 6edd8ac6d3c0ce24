namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>POST /api/prune</c>.</summary>
public sealed record PruneRequest
{
    /// <summary>Items finished longer ago than this: "7d", "2w", "12h", "90m".</summary>
    public string? OlderThan { get; init; }
    public bool IncludeAccepted { get; init; }
    public bool DryRun { get; init; }
}
