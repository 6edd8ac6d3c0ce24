namespace Stamina.Coordinator.Pipelines;

/// <summary>The states a step shows before it has an item.</summary>
public static class PipelineStepStates
{
    /// <summary>The pipeline runs and has not reached the step yet.</summary>
    public const string Waiting = nameof(Waiting);

    /// <summary>The pipeline ended (blocked, failed, cancelled) before the step.</summary>
    public const string Skipped = nameof(Skipped);
}
