using Stamina.Contracts;

namespace Stamina.Worker.Fleet;

/// <summary>What this worker is doing now, for its heartbeats.</summary>
public sealed class WorkerActivity
{
    readonly Lock gate = new();
    Guid? item;
    int? attempt;
    bool draining;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

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
