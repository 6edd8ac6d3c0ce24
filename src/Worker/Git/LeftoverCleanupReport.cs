namespace Stamina.Worker.Git;

/// <summary>What <see cref="LeftoverCleanup"/> removed.</summary>
public sealed record LeftoverCleanupReport(IReadOnlyList<string> RemovedWorktrees, int DroppedAttemptRefs);
