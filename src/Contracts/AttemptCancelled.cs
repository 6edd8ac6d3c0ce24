namespace Stamina.Contracts;

/// <summary>Published to every worker when a running item is cancelled: its holder kills the process tree.</summary>
public record AttemptCancelled
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
}
