using MassTransit;

namespace Stamina.Worker.Tests.Messaging;

/// <summary>Answers requests and counts every ping that arrives, however it was sent.</summary>
public sealed class PingConsumer(PingLog log) : IConsumer<Ping>
{
    public async Task Consume(ConsumeContext<Ping> context)
    {
        log.Received(context.Message.Number);
        if (context.ResponseAddress is not null)
            await context.RespondAsync(new Pong { Number = context.Message.Number });
    }
}
