namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/breakers</c>.</summary>
sealed record BreakerList
{
    public IReadOnlyList<BreakerInfo> Breakers { get; init; } = [];
}
