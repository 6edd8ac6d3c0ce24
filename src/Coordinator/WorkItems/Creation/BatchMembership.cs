namespace Stamina.Coordinator.WorkItems.Creation;

/// <summary>The batch an item is made in, and its task key there.</summary>
public sealed record BatchMembership(Guid BatchId, string Key);
