namespace Stamina.Contracts;

/// <summary>The result was stale (old token or item no longer running): recorded, counted, not applied.</summary>
public record CompletionRejected
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string Reason { get; init; } = "";
}
