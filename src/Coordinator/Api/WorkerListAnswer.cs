using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>GET /api/workers</c>.</summary>
public sealed record WorkerListAnswer
{
    public IReadOnlyList<WorkerView> Workers { get; init; } = [];
}
