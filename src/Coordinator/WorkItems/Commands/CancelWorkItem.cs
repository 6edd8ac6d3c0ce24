namespace Stamina.Coordinator.WorkItems.Commands;

public record CancelWorkItem
{
    public Guid WorkItemId { get; init; }
}
