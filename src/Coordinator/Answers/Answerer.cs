using MassTransit;
using MassTransit.Middleware.InMemoryOutbox;
using MassTransit.Transports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Stamina.Coordinator.Answers;

/// <summary>
/// Answers a request as <c>RespondAsync</c> would (same request id, headers and time to live, after the consumer's
/// in-memory outbox lets messages go, i.e. after the saga's transaction committed), but through
/// <see cref="IAnswerBus"/> where there is one (the broker), so that an answer that cannot be delivered costs that
/// answer only, never the endpoint that consumed the request. An answer is a courtesy to the requester: the state
/// change is already made, and a live requester that hears nothing asks again (claims, renewals and completions
/// are idempotent under their token), so a failed answer is logged, not thrown.
/// </summary>
public sealed class Answerer(ILogger<Answerer> logger, IAnswerBus? bus = null)
{
    /// <summary>Answers on the consuming endpoint (local mode, state machine tests: no broker, no dead exchanges).</summary>
    public static Answerer Direct { get; } = new(NullLogger<Answerer>.Instance);

    public Task AnswerAsync<T>(ConsumeContext context, T answer)
        where T : class
    {
        if (bus is null || context.ResponseAddress is not { } address)
            return context.RespondAsync(answer);
        return context.TryGetPayload<OutboxContext>(out var outbox)
            ? outbox.Add(() => SendAsync(bus, context, address, answer))
            : SendAsync(bus, context, address, answer);
    }

    async Task SendAsync<T>(IAnswerBus answers, ConsumeContext context, Uri address, T answer)
        where T : class
    {
        try
        {
            var endpoint = await answers.GetSendEndpoint(address);
            await endpoint.Send(answer, new ConsumeSendPipeAdapter<T>(context, Pipe.Empty<SendContext<T>>(), context.RequestId), context.CancellationToken);
        }
        catch (Exception exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The {Answer} to {Address} was not delivered ({Message}); the requester asks again if it still lives",
                typeof(T).Name, address, exception.Message);
        }
    }
}
