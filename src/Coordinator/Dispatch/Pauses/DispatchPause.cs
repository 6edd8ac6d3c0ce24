namespace Stamina.Coordinator.Dispatch.Pauses;

/// <summary>Dispatch paused for the whole fleet (<see cref="Pool"/> null) or for one pool, since when and why.</summary>
public sealed record DispatchPause(string? Pool, string? Reason, DateTimeOffset PausedAt);
