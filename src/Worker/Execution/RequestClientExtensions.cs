using MassTransit;

namespace Stamina.Worker.Execution;

/// <summary>Requests to the coordinator that give up on time even while MassTransit reconnects.</summary>
static class RequestClientExtensions
{
    /// <summary>
    /// The answer, or a <see cref="TimeoutException"/> once <paramref name="limit"/> has passed without one; the request is
    /// then abandoned (<see cref="AbandonedCall"/>). A late answer to an abandoned request is harmless: claims, renewals and
    /// results are all safe to ask again.
    /// </summary>
    /// <param name="clock">Whose time <paramref name="limit"/> is counted in: the bus's own (<see cref="TimeProvider.System"/>),
    /// as MassTransit counts the request's timeout, unless the caller's pace is set by a clock of its own.</param>
    public static Task<Response<T1, T2>> GetResponseWithinAsync<TRequest, T1, T2>(
        this IRequestClient<TRequest> client, TRequest request, TimeSpan limit, TimeProvider clock, CancellationToken cancellationToken)
        where TRequest : class
        where T1 : class
        where T2 : class =>
        AbandonedCall.WithinAsync(token => client.GetResponse<T1, T2>(request, token, RequestTimeout.After(ms: (int)limit.TotalMilliseconds)),
            limit, clock, cancellationToken);
}
