using MassTransit;

namespace Stamina.Worker.Execution;

/// <summary>Requests to the coordinator that give up on time even while MassTransit reconnects.</summary>
static class RequestClientExtensions
{
    /// <summary>
    /// The answer, or a <see cref="TimeoutException"/> once <paramref name="limit"/> has passed without one. MassTransit's
    /// own request timeout and cancellation are not honoured while its connection is being recovered (MassTransit#3502):
    /// such a call may hang until long after the broker is back, and a caller that waited for it would stop asking
    /// (a lease keeper that never renews again). So the call is abandoned: cancelled, left to end when MassTransit lets
    /// it, its failure observed; the caller's next request goes out on the recovered connection. A late answer to an
    /// abandoned request is harmless: claims, renewals and results are all safe to ask again.
    /// </summary>
    /// <param name="clock">Whose time <paramref name="limit"/> is counted in: the bus's own (<see cref="TimeProvider.System"/>),
    /// as MassTransit counts the request's timeout, unless the caller's pace is set by a clock of its own.</param>
    public static async Task<Response<T1, T2>> GetResponseWithinAsync<TRequest, T1, T2>(
        this IRequestClient<TRequest> client, TRequest request, TimeSpan limit, TimeProvider clock, CancellationToken cancellationToken)
        where TRequest : class
        where T1 : class
        where T2 : class
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var exchange = client.GetResponse<T1, T2>(request, abandon.Token, RequestTimeout.After(ms: (int)limit.TotalMilliseconds));
        try
        {
            return await exchange.WaitAsync(limit, clock, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!exchange.IsCompleted)
            {
                await abandon.CancelAsync().ConfigureAwait(false);
                _ = exchange.ContinueWith(static ended => ended.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }
}
