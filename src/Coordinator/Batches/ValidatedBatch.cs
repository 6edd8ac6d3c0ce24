using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Batches;

/// <summary>A batch ready to write: each task's key and submission (with its dependencies as item ids), in dependency order.</summary>
public sealed record ValidatedBatch(string? Name, IReadOnlyList<ValidatedBatchItem> Items);

/// <summary>One task of a <see cref="ValidatedBatch"/>, with its place in the request.</summary>
/// <param name="Pipeline">A task with steps: its plan, whose first step is <paramref name="Submission"/>.</param>
public sealed record ValidatedBatchItem(string Key, int Position, SubmitWorkItem Submission, Pipelines.PipelinePlan? Pipeline = null);
