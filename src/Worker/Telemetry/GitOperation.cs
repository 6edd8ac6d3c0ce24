namespace Stamina.Worker.Telemetry;

/// <summary>The git steps the worker times and counts failures of (the <c>operation</c> label).</summary>
public enum GitOperation
{
    /// <summary>Creating the attempt's worktree from the mirror.</summary>
    Worktree,
    Fetch,
    Push,
    Checkpoint,
}
