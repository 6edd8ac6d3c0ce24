namespace Stamina.Coordinator.Batches;

/// <summary>One task of a created batch.</summary>
public sealed record BatchItemCreated(string Key, Guid Id, string State);
