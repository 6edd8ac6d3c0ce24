namespace Stamina.Contracts;

/// <summary>Who is asking: one worker process, bound to one pool and at most one agent account.</summary>
public record WorkerIdentity
{
    public string Name { get; init; } = "";
    public string Machine { get; init; } = "";
    public string Pool { get; init; } = "";
    public string? Account { get; init; }

    /// <summary>
    /// The process's run: its exclusive queues are named by it, so the coordinator can ask the broker whether the
    /// process's connections are still open. Null from an older worker or in local mode (no broker).
    /// </summary>
    public string? Run { get; init; }
}
