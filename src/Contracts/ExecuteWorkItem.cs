namespace Stamina.Contracts;

/// <summary>
/// Published by the dispatcher to a pool's queue. <see cref="Attempt"/> is the fencing token the claim
/// will be granted under; a duplicate or stale copy is rejected at claim time, so it is harmless.
/// </summary>
public record ExecuteWorkItem
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string Repo { get; init; } = "";
    public string BaseRef { get; init; } = "";
    public string Harness { get; init; } = "";
    public string[] Command { get; init; } = [];
    public string Prompt { get; init; } = "";
    public TimeSpan Timeout { get; init; }
    public string Pool { get; init; } = "";
    public AgentOptions Agent { get; init; } = new();

    /// <summary>The item's labels, for the worker's hooks.</summary>
    public Dictionary<string, string>? Labels { get; init; }
}
