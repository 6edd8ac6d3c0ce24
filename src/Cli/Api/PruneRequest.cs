namespace Stamina.Cli.Api;

/// <summary>The body of <c>POST /api/prune</c>.</summary>
sealed record PruneRequest
{
    public string OlderThan { get; init; } = "";
    public bool IncludeAccepted { get; init; }
    public bool DryRun { get; init; }
}
