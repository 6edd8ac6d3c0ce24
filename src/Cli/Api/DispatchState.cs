namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/dispatch</c> (and of pause and resume), and the <c>dispatch</c> part of <c>/api/stats</c>.</summary>
sealed record DispatchState
{
    public bool Paused { get; init; }
    public IReadOnlyList<DispatchPause> Pauses { get; init; } = [];
    public IReadOnlyList<SpendCapReached> CapsReached { get; init; } = [];
    public IReadOnlyList<DispatchHold> Holds { get; init; } = [];

    /// <summary>Every reason dispatch holds work back now: the holds (pauses, caps, breakers), then accounts at their cap.</summary>
    public IEnumerable<WaitingReason> Reasons =>
        Holds.Select(h => h.Reason).OfType<WaitingReason>()
            .Concat(CapsReached.Where(c => c.Kind == "account").Select(c => c.Reason).OfType<WaitingReason>());
}
