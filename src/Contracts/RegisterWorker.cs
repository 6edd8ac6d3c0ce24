namespace Stamina.Contracts;

/// <summary>
/// A worker announces a new run of itself at start, before it takes work or sends heartbeats
/// (request/response: <see cref="WorkerRegistered"/> or <see cref="WorkerRefused"/>). A name runs once
/// in the fleet: the coordinator refuses a new run while another run of that name lives elsewhere.
/// </summary>
public record RegisterWorker
{
    public WorkerIdentity Worker { get; init; } = new();

    /// <summary>This run's start (whole milliseconds): the run's identity, as in <see cref="WorkerHeartbeat.StartedAt"/>.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>
    /// The full path of the work directory, locked by this run. With <see cref="WorkerIdentity.Machine"/> it proves
    /// that an earlier run on the same machine and directory is dead (it held the lock until it died).
    /// </summary>
    public string WorkDir { get; init; } = "";

    public string Version { get; init; } = "";
    public TimeSpan Interval { get; init; }
}
