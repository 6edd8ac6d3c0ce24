namespace Stamina.Worker.Execution;

/// <summary>
/// One item at a time per worker, whatever the broker does. The pool queue's prefetch and MassTransit's concurrency
/// limit of one hold per channel: after a reconnect the new channel delivers while the consume of the old channel's
/// delivery still runs (seen after a RabbitMQ restart: the worker's own running item came back, redelivered, and was
/// claimed as if the worker had restarted). A delivery waits here for its turn, which keeps the prefetch slot taken.
/// </summary>
public sealed class ItemTurn
{
    readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Waits for the turn; dispose the answer to pass it on. Throws when <paramref name="stop"/> fires first.</summary>
    public async Task<IDisposable> TakeAsync(CancellationToken stop)
    {
        await gate.WaitAsync(stop);
        return new Release(gate);
    }

    sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                gate.Release();
        }
    }
}
