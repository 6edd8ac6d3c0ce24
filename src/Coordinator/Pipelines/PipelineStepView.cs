namespace Stamina.Coordinator.Pipelines;

/// <summary>A step of a pipeline and its items, one per round.</summary>
public sealed record PipelineStepView
{
    public int Position { get; init; }
    public string Name { get; init; } = "";
    public bool Review { get; init; }

    /// <summary>Its last item's state; <c>Waiting</c> before its turn, <c>Skipped</c> when the pipeline ended before it.</summary>
    public string State { get; init; } = "";

    public IReadOnlyList<PipelineRoundView> Rounds { get; init; } = [];
}
