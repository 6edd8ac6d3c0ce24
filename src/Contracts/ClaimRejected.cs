namespace Stamina.Contracts;

public record ClaimRejected
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string Reason { get; init; } = "";

    /// <summary>
    /// Set when another worker holds the item and was alive a moment ago: ask again after this delay,
    /// the holder may be the dead one whose delivery came back to us.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The worker's account is known to be limited until then: take no work before it.</summary>
    public DateTimeOffset? AccountLimitedUntil { get; init; }

    /// <summary>The worker is drained: it takes no work until undrained (no failure is counted for the refusal).</summary>
    public bool WorkerDrained { get; init; }
}
