namespace Stamina.Coordinator.Pipelines;

/// <summary>An item's place in its pipeline: the step's position and the review round it belongs to.</summary>
public sealed record PipelineLink
{
    public Guid ItemId { get; init; }
    public Guid PipelineId { get; init; }
    public int Position { get; init; }
    public int Round { get; init; }
}
