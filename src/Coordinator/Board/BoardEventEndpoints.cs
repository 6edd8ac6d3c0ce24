using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Board;

/// <summary>
/// <c>GET /api/events</c>: server-sent events (<c>item</c>, <c>worker</c>, <c>ping</c>) for the web board and scripts.
/// Keyed like the rest of the API (the read-only key may listen); the board reads it with <c>fetch()</c> so the key
/// travels in the <c>Authorization</c> header, never in a URL. Long-lived, so outside the request deadline and the
/// API's concurrency cap, with a cap of its own (<see cref="BoardSettings.MaxSubscribers"/>).
/// </summary>
public static class BoardEventEndpoints
{
    public static IEndpointRouteBuilder MapBoardEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/events", (HttpContext context, BoardEventHub hub, IOptions<BoardSettings> settings, TimeProvider clock) =>
        {
            var subscription = hub.TrySubscribe();
            if (subscription is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable.",
                    detail: $"{settings.Value.MaxSubscribers} event streams are open (Stamina:Board:MaxSubscribers); try again shortly");
            }
            // The stream's own using runs only once it is read: a request that fails before that still frees its place.
            context.Response.RegisterForDispose(subscription);
            context.Response.Headers.CacheControl = "no-store";
            // No proxy buffering: an event held back is not live.
            context.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(StreamAsync(subscription, settings.Value.KeepAlive, clock, context.RequestAborted));
        }).DisableRequestTimeout().DisableRateLimiting();
        return routes;
    }

    static async IAsyncEnumerable<SseItem<string>> StreamAsync(BoardSubscription subscription, TimeSpan keepAlive, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = subscription;
        yield return new SseItem<string>("{}", "hello") { ReconnectionInterval = TimeSpan.FromSeconds(3) };
        var reader = subscription.Reader;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var quiet = new CancellationTokenSource(keepAlive, clock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(quiet.Token, cancellationToken);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(either.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                more = true;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            if (!more)
                yield break;
            var sent = false;
            while (reader.TryRead(out var boardEvent))
            {
                sent = true;
                yield return new SseItem<string>(boardEvent.Data, boardEvent.Type);
            }
            if (!sent)
                yield return new SseItem<string>("{}", "ping");
        }
    }
}
