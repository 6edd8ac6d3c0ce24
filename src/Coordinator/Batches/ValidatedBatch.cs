using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Batches;

/// <summary>A batch ready to write: each task's key and submission (with its dependencies as item ids), in dependency order.</summary>
public sealed record ValidatedBatch(string? Name, IReadOnlyList<ValidatedBatchItem> Items);

/// <summary>One task of a <see cref="ValidatedBatch"/>, with its place in the request.</summary>
public sealed record ValidatedBatchItem(string Key, int Position, SubmitWorkItem Submission);
