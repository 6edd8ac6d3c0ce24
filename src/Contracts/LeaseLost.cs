namespace Stamina.Contracts;

/// <summary>The token is no longer current: the worker must kill its process tree and submit nothing.</summary>
public record LeaseLost
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string Reason { get; init; } = "";
}
