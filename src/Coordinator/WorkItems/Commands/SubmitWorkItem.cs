namespace Stamina.Coordinator.WorkItems.Commands;

/// <summary>
/// A validated submission, handed by the API to <see cref="Creation.ItemCreator"/> in process. Never a message: an item
/// made from a broker message would skip the API's key and validation.
/// </summary>
public record SubmitWorkItem
{
    public Guid WorkItemId { get; init; }
    public WorkItemSpec Spec { get; init; } = new();
    public string Pool { get; init; } = "";
    public int Priority { get; init; }
    public int MaxAttempts { get; init; }

    /// <summary>Items that must succeed first (the item starts Pending); empty for an item that may run at once.</summary>
    public IReadOnlyList<Guid> After { get; init; } = [];

    /// <summary>One of <see cref="After"/>: the item starts from its result branch.</summary>
    public Guid? BaseFrom { get; init; }

    /// <summary><see cref="Dependencies.DependencyPolicies"/>.</summary>
    public string OnDependencyFailure { get; init; } = Dependencies.DependencyPolicies.Skip;
}
