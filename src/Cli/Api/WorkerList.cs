namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/workers</c>.</summary>
sealed record WorkerList
{
    public IReadOnlyList<WorkerInfo> Workers { get; init; } = [];
}
