namespace Stamina.Contracts;

/// <summary>One attempt's branch in a repository, as the worker that made it recorded it.</summary>
public record AttemptBranch
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string Branch { get; init; } = "";
}
