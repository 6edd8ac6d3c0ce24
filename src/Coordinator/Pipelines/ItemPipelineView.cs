namespace Stamina.Coordinator.Pipelines;

/// <summary>An item's place in a pipeline, as the item view shows it.</summary>
public sealed record ItemPipelineView
{
    public Guid PipelineId { get; init; }
    public string Step { get; init; } = "";
    public int Round { get; init; }
    public bool Review { get; init; }
}
