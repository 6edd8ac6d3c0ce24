namespace Stamina.Coordinator.WorkItems.Commands;

/// <summary>Sent by the lease reaper for a running item whose deadline passed under this token.</summary>
public record ExpireLease
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
}
