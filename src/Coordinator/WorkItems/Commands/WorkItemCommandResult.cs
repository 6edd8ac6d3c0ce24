namespace Stamina.Coordinator.WorkItems.Commands;

/// <summary>The saga's answer to submit, cancel and retry.</summary>
public record WorkItemCommandResult
{
    public Guid WorkItemId { get; init; }
    public bool Accepted { get; init; }
    public bool Found { get; init; } = true;
    public string State { get; init; } = "";
    public string? Reason { get; init; }

    /// <summary>A submission that made the item (not a duplicate of one already made).</summary>
    public bool Created { get; init; }
}
