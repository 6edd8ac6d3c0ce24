using Stamina.Coordinator.Items;

namespace Stamina.Coordinator.Dispatch;

/// <summary>An account's claims are refused until <see cref="Until"/>, for <see cref="Reason"/>.</summary>
public sealed record AccountHold(DateTimeOffset Until, WaitingReason Reason);
