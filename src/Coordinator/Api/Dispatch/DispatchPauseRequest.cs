namespace Stamina.Coordinator.Api.Dispatch;

/// <summary>The body of <c>POST /api/dispatch/pause</c> and <c>/resume</c>: a pool (none: the whole fleet) and, for a pause, why.</summary>
public sealed record DispatchPauseRequest
{
    public string? Pool { get; init; }
    public string? Reason { get; init; }
}
