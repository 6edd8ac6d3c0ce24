namespace Stamina.Coordinator.Batches;

/// <summary>What creating a batch did: its id, and each task's item by key (found, not made again, on a replay).</summary>
public sealed record BatchCreated(Guid BatchId, bool Created, IReadOnlyList<BatchItemCreated> Items);
