namespace Stamina.Cli.Api;

/// <summary>The pipeline an item is a step of, as the item shows it.</summary>
sealed record ItemPipeline
{
    public Guid PipelineId { get; init; }
    public string? Step { get; init; }
    public int Round { get; init; }
    public bool Review { get; init; }
}
