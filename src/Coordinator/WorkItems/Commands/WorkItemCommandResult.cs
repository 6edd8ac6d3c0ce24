namespace Stamina.Coordinator.WorkItems.Commands;

/// <summary>The saga's answer to submit, cancel and retry.</summary>
public record WorkItemCommandResult
{
    public Guid WorkItemId { get; init; }
    public bool Accepted { get; init; }
    public bool Found { get; init; } = true;
    public string State { get; init; } = "";
    public string? Reason { get; init; }
}
