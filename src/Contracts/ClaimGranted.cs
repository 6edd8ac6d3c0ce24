namespace Stamina.Contracts;

public record ClaimGranted
{
    public Guid WorkItemId { get; init; }

    /// <summary>The fencing token for everything the worker sends about this attempt.</summary>
    public int Attempt { get; init; }

    public DateTimeOffset LeaseExpiresAt { get; init; }
}
