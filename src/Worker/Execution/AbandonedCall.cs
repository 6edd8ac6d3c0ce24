namespace Stamina.Worker.Execution;

/// <summary>
/// A broker call that gives up on time even while MassTransit reconnects. MassTransit's own timeouts and cancellation are
/// not honoured while its connection is being recovered (MassTransit#3502): such a call may hang until long after the
/// broker is back, and a caller that waited for it would stop (a lease keeper that never renews again, an attempt whose
/// last transcript flush holds its result). So the call is abandoned: cancelled, left to end when MassTransit lets it,
/// its failure observed; the caller's next call goes out on the recovered connection.
/// </summary>
static class AbandonedCall
{
    /// <summary>
    /// The call's result, or a <see cref="TimeoutException"/> once <paramref name="limit"/> has passed on
    /// <paramref name="clock"/>; the call is then abandoned.
    /// </summary>
    /// <param name="start">Starts the call with a token that is cancelled when it is abandoned (or the caller's is).</param>
    public static async Task<T> WithinAsync<T>(Func<CancellationToken, Task<T>> start, TimeSpan limit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = start(abandon.Token);
        try
        {
            return await call.WaitAsync(limit, clock, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!call.IsCompleted)
            {
                await abandon.CancelAsync().ConfigureAwait(false);
                _ = call.ContinueWith(static ended => ended.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <inheritdoc cref="WithinAsync{T}"/>
    public static Task WithinAsync(Func<CancellationToken, Task> start, TimeSpan limit, TimeProvider clock, CancellationToken cancellationToken) =>
        WithinAsync(async token =>
        {
            await start(token).ConfigureAwait(false);
            return true;
        }, limit, clock, cancellationToken);
}
