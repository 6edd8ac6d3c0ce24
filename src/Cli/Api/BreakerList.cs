namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/breakers</c>.</summary>
internal sealed record BreakerList
{
    public IReadOnlyList<BreakerInfo> Breakers { get; init; } = [];
}
