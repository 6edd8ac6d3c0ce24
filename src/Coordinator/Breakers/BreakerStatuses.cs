namespace Stamina.Coordinator.Breakers;

/// <summary>A breaker's state as the API shows it; derived from its row and the time, never stored.</summary>
public static class BreakerStatuses
{
    public const string Closed = "closed";
    public const string Open = "open";

    /// <summary>The cool-down is over: one probe may run, and its ending decides.</summary>
    public const string HalfOpen = "halfOpen";
}
