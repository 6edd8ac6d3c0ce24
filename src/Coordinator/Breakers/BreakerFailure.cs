namespace Stamina.Coordinator.Breakers;

/// <summary>One counted failure while closed: its signature, the item, and when it was accepted.</summary>
public sealed record BreakerFailure(string Signature, Guid Item, DateTimeOffset At);
