namespace Stamina.Coordinator.Items;

/// <summary>Why an item that is not running yet waits: a <see cref="WaitingKinds"/> kind, words for people, and when it ends if known.</summary>
public sealed record WaitingReason(string Kind, string Detail, DateTimeOffset? Until = null);
