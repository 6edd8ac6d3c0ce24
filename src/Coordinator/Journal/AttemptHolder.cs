namespace Stamina.Coordinator.Journal;

/// <summary>Who an attempt was granted to, with which account, and the hash of the secret it was given.</summary>
public sealed record AttemptHolder(string Worker, string? Account, string? SecretHash);
