using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Dispatch.Pauses;
using Stamina.Coordinator.Spend;

namespace Stamina.Coordinator.Api.Dispatch;

/// <summary>
/// <c>GET /api/dispatch</c> (and the <c>dispatch</c> part of <c>/api/stats</c>): the pauses, the spend caps reached, and
/// every hold the dispatcher applies right now (pauses, caps, breakers), with the reasons items show.
/// </summary>
public sealed record DispatchView
{
    /// <summary>True when the whole fleet is paused.</summary>
    public bool Paused { get; init; }
    public IReadOnlyList<DispatchPause> Pauses { get; init; } = [];
    public IReadOnlyList<SpendCapReached> CapsReached { get; init; } = [];
    public IReadOnlyList<DispatchHoldScope> Holds { get; init; } = [];
}
