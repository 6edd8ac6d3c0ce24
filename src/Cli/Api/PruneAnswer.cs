namespace Stamina.Cli.Api;

/// <summary>The answer of <c>POST /api/prune</c>.</summary>
sealed record PruneAnswer
{
    public bool DryRun { get; init; }
    public bool IncludeAccepted { get; init; }
    public string? OlderThan { get; init; }
    public DateTimeOffset? Cutoff { get; init; }
    public int Workers { get; init; }
    public IReadOnlyList<PruneBranch> Branches { get; init; } = [];
}
