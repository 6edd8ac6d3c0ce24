namespace Stamina.Coordinator.Workers;

public sealed record WorkerView
{
    public string Name { get; init; } = "";
    public string Machine { get; init; } = "";
    public string Pool { get; init; } = "";
    public string? Account { get; init; }

    /// <summary>idle, busy, draining, or offline (stopped, or silent for three heartbeat intervals).</summary>
    public string State { get; init; } = "";

    public Guid? CurrentItem { get; init; }
    public int? CurrentAttempt { get; init; }
    public string Version { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
}
