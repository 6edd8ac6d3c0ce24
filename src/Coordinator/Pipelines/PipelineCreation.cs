namespace Stamina.Coordinator.Pipelines;

/// <summary>What a pipeline submission did: made the pipeline and its first step's item, or found them made already.</summary>
public sealed record PipelineCreation(Guid PipelineId, Guid FirstItemId, bool Created);
