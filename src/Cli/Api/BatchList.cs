namespace Stamina.Cli.Api;

/// <summary><c>GET /api/batches</c>.</summary>
sealed record BatchList
{
    public IReadOnlyList<BatchInfo> Batches { get; init; } = [];
}
