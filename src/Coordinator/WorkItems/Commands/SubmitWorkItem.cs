namespace Stamina.Coordinator.WorkItems.Commands;

/// <summary>The API creates an item through the saga so that one owner makes every transition.</summary>
public record SubmitWorkItem
{
    public Guid WorkItemId { get; init; }
    public WorkItemSpec Spec { get; init; } = new();
    public string Pool { get; init; } = "";
    public int Priority { get; init; }
    public int MaxAttempts { get; init; }
}
