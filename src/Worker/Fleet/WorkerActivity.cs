using Stamina.Contracts;

namespace Stamina.Worker.Fleet;

/// <summary>What this worker is doing now, for its heartbeats.</summary>
public sealed class WorkerActivity
{
    readonly Lock gate = new();
    Guid? item;
    int? attempt;
    bool draining;

    /// <summary>Whole milliseconds: it identifies this run of the worker and must survive a database round trip.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public (WorkerStatus Status, Guid? Item, int? Attempt) Snapshot()
    {
        lock (gate)
            return (draining ? WorkerStatus.Draining : item is null ? WorkerStatus.Idle : WorkerStatus.Busy, item, attempt);
    }

    public void Begin(Guid workItemId, int attemptNumber)
    {
        lock (gate)
            (item, attempt) = (workItemId, attemptNumber);
    }

    public void End()
    {
        lock (gate)
            (item, attempt) = (null, null);
    }

    public void Drain()
    {
        lock (gate)
            draining = true;
    }
}
