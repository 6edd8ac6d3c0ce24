namespace Stamina.Coordinator.Breakers;

/// <summary>One counted failure while closed: its signature, the item, when it was accepted, and the item's repository.</summary>
public sealed record BreakerFailure(string Signature, Guid Item, DateTimeOffset At, string? Repo = null);
