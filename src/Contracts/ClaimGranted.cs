namespace Stamina.Contracts;

public record ClaimGranted
{
    public Guid WorkItemId { get; init; }

    /// <summary>The fencing token for everything the worker sends about this attempt.</summary>
    public int Attempt { get; init; }

    public DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>
    /// Random, new for every grant, known only to the holder (the coordinator keeps a hash): renewals, results and
    /// transcript chunks of this attempt must present it, or they change nothing.
    /// </summary>
    public AttemptSecret? Secret { get; init; }

    /// <summary>
    /// How long the lease lasts from the coordinator's hearing. The worker counts it on its own clock from when it
    /// asked, and stops its agent when no renewal came back within it (clocks of two machines never agree).
    /// </summary>
    public TimeSpan LeaseDuration { get; init; }

    /// <summary>
    /// After this much silence a redelivered message lets another worker take the item over, before the lease ends:
    /// the worker holds its command once no renewal was confirmed for this long.
    /// </summary>
    public TimeSpan TakeoverAfter { get; init; }

    /// <summary>
    /// The newest checkpoint of an earlier attempt: the attempt starts there. It comes with the claim, not
    /// the message, because a redelivered message is older than the checkpoint its dead holder pushed.
    /// </summary>
    public ResumePoint? Resume { get; init; }
}
