namespace Stamina.Coordinator.WorkItems.Creation;

/// <summary>The batch an item is made in, its task key there and its place in the request.</summary>
public sealed record BatchMembership(Guid BatchId, string Key, int Position);
