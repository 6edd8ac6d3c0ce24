namespace Stamina.Contracts;

public record ClaimGranted
{
    public Guid WorkItemId { get; init; }

    /// <summary>The fencing token for everything the worker sends about this attempt.</summary>
    public int Attempt { get; init; }

    public DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>
    /// The newest checkpoint of an earlier attempt: the attempt starts there. It comes with the claim, not
    /// the message, because a redelivered message is older than the checkpoint its dead holder pushed.
    /// </summary>
    public ResumePoint? Resume { get; init; }
}
