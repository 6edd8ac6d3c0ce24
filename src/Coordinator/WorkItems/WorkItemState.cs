using MassTransit;

namespace Stamina.Coordinator.WorkItems;

/// <summary>The saga instance: one row of <c>work_items</c>.</summary>
public class WorkItemState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";

    /// <summary>Claims granted so far; the current one is the fencing token.</summary>
    public int Attempt { get; set; }

    /// <summary>The item's own failures (exit codes, timeouts, agent errors); lost and released attempts do not count.</summary>
    public int Failures { get; set; }

    /// <summary>Attempts whose holder went silent (killed, frozen, cut off): a fault, not a failure, capped apart.</summary>
    public int LostAttempts { get; set; }

    public int MaxAttempts { get; set; }
    public string Pool { get; set; } = "";
    public int Priority { get; set; }
    public DateTimeOffset? NotBefore { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset? LastHeartbeatAt { get; set; }
    public string? Holder { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    /// <summary>Not stored: set by a transition that dropped the item's message, so the dispatcher sends it again now.</summary>
    public bool RepublishNow { get; set; }
}
