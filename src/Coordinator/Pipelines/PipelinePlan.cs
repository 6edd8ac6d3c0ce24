namespace Stamina.Coordinator.Pipelines;

/// <summary>A validated pipeline: its steps in order and how many review rounds each reviewer may ask for.</summary>
public sealed record PipelinePlan
{
    /// <summary>The default bound on review rounds.</summary>
    public const int DefaultReviewRounds = 2;

    public Guid PipelineId { get; init; }
    public string? Name { get; init; }
    public int ReviewRounds { get; init; } = DefaultReviewRounds;
    public IReadOnlyList<PipelineStepPlan> Steps { get; init; } = [];
}
