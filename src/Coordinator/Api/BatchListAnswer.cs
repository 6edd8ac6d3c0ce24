using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>GET /api/batches</c>.</summary>
public sealed record BatchListAnswer
{
    public IReadOnlyList<BatchView> Batches { get; init; } = [];
}
