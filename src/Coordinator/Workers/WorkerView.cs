namespace Stamina.Coordinator.Workers;

public sealed record WorkerView
{
    public string Name { get; init; } = "";
    public string Machine { get; init; } = "";
    public string Pool { get; init; } = "";
    public string? Account { get; init; }

    /// <summary>
    /// idle, busy, draining (finishing its item: drained, or stopping), drained (takes no work until undrained, or until
    /// its health check passes), off-shift (outside its shift window), limited, paused, or offline (stopped, or silent
    /// for three heartbeat intervals).
    /// </summary>
    public string State { get; init; } = "";

    public Guid? CurrentItem { get; init; }
    public int? CurrentAttempt { get; init; }
    public string Version { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>The account's usage limit resets then; no work before it.</summary>
    public DateTimeOffset? LimitedUntil { get; init; }

    /// <summary>Why a paused worker needs a human (for example: its account is not logged in).</summary>
    public string? Attention { get; init; }

    /// <summary>When an operator drained it (<c>stamina workers drain</c>); null when not drained by one.</summary>
    public DateTimeOffset? DrainedAt { get; init; }
    /// <summary>The account's circuit breaker while it is open or half-open: the worker takes no claims until it closes.</summary>
    public Breakers.BreakerView? Breaker { get; init; }
}
