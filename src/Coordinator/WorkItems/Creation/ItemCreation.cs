namespace Stamina.Coordinator.WorkItems.Creation;

/// <summary>What a submission did: made the item, or found it made already (a client retrying after a timeout).</summary>
public sealed record ItemCreation(Guid WorkItemId, bool Created, string State);
