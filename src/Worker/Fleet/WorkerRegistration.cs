namespace Stamina.Worker.Fleet;

/// <summary>
/// Opens when the coordinator has admitted this run of the worker (<see cref="Contracts.RegisterWorker"/>):
/// no claim and no heartbeat before, so a refused duplicate never acts under the name.
/// </summary>
public sealed class WorkerRegistration
{
    readonly TaskCompletionSource accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Accept() => accepted.TrySetResult();

    /// <returns>False when <paramref name="cancellationToken"/> (shutdown) ended the wait first.</returns>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await accepted.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
