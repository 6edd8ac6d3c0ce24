using MassTransit;
using Stamina.Contracts;

namespace Stamina.Coordinator.Dispatch;

/// <summary>Pulses <see cref="DispatchWake"/> after each claim is consumed: the claimed message left its queue.</summary>
public sealed class DispatchWakeObserver(DispatchWake wake) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is ClaimWorkItem)
            wake.Pulse();
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
