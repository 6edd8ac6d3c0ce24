using MassTransit;

namespace Stamina.Worker.Tests.Messaging;

public sealed class HoldConsumer(HoldGate gate) : IConsumer<Hold>
{
    public async Task Consume(ConsumeContext<Hold> context)
    {
        Interlocked.Increment(ref gate.Deliveries);
        gate.Entered.TrySetResult();
        await gate.Released.Task;
    }
}
