namespace Stamina.Coordinator.Breakers;

/// <summary>What an attempt ran against, for the breakers: the item's repository, the attempt's account, its start.</summary>
public sealed record BreakerSubjects(string Repo, string? Account, DateTimeOffset StartedAt);
