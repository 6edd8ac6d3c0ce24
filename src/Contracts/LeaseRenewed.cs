namespace Stamina.Contracts;

public record LeaseRenewed
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset LeaseExpiresAt { get; init; }
}
