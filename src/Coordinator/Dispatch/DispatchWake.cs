namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// Wakes the dispatcher before its next tick when a pool's queue has just made room (a worker took a message and
/// claimed it), so that a fast fleet never waits for the poll with nothing to do. Pulses while it is awake merge into one.
/// </summary>
public sealed class DispatchWake
{
    readonly SemaphoreSlim pulses = new(0, 1);

    public void Pulse()
    {
        if (pulses.CurrentCount > 0)
            return;
        try
        {
            pulses.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another pulse got in first: one is enough.
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => pulses.WaitAsync(cancellationToken);
}
