namespace Stamina.Coordinator.WorkItems.Commands;

public record RetryWorkItem
{
    public Guid WorkItemId { get; init; }
}
