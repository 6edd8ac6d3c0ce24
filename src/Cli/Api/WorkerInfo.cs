namespace Stamina.Cli.Api;

/// <summary>A worker as <c>GET /api/workers</c> shows it.</summary>
sealed record WorkerInfo
{
    public string? Name { get; init; }
    public string? Machine { get; init; }
    public string? Pool { get; init; }
    public string? Account { get; init; }

    /// <summary>idle, busy, draining, drained, off-shift, limited, paused or offline; kept as text so a new state still shows.</summary>
    public string? State { get; init; }

    public Guid? CurrentItem { get; init; }
    public int? CurrentAttempt { get; init; }
    public string? Version { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>When the account's usage limit resets, while the worker is <c>limited</c>.</summary>
    public DateTimeOffset? LimitedUntil { get; init; }

    /// <summary>Why a <c>paused</c> worker needs a human (bad credentials, say), why a <c>drained</c> one is, when an <c>off-shift</c> one starts.</summary>
    public string? Attention { get; init; }

    /// <summary>The account's circuit breaker while it is open or half-open: the worker takes no claims until it closes.</summary>
    public BreakerInfo? Breaker { get; init; }
    public DateTimeOffset? DrainedAt { get; init; }
}
