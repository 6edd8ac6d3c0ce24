using Stamina.Coordinator.Breakers;

namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>GET /api/breakers</c>.</summary>
public sealed record BreakerListAnswer
{
    public IReadOnlyList<BreakerView> Breakers { get; init; } = [];
}
