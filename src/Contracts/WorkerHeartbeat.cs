namespace Stamina.Contracts;

/// <summary>Sent by every worker every heartbeat interval, idle or not, so the fleet is visible.</summary>
public record WorkerHeartbeat
{
    public WorkerIdentity Worker { get; init; } = new();
    public WorkerStatus Status { get; init; }
    public Guid? CurrentItem { get; init; }
    public int? CurrentAttempt { get; init; }
    public string Version { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset SentAt { get; init; }
    public TimeSpan Interval { get; init; }
    public DateTimeOffset? LimitedUntil { get; init; }

    /// <summary>Why a paused worker needs a human.</summary>
    public string? Attention { get; init; }

    /// <summary>
    /// Whether an operator's drain holds this worker (not a failing health check): the coordinator compares it with its
    /// own record and tells the worker again when a drain or undrain message was lost.
    /// </summary>
    public bool DrainedByOperator { get; init; }
}
