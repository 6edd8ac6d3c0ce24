using System.Reflection;
using MassTransit;

namespace Stamina.Coordinator.Tests.Dispatch;

/// <summary>
/// The harness's bus, whose send endpoints fail the sends a predicate picks (by their order, from 1), as a broker
/// that went away mid-pass would: the message is not delivered and the send throws.
/// </summary>
public class FailingSends : DispatchProxy
{
    IBus inner = null!;
    Func<int, bool> fails = null!;
    int sends;

    public static IBus Over(IBus bus, Func<int, bool> fails)
    {
        var proxy = Create<IBus, FailingSends>();
        var failing = (FailingSends)(object)proxy;
        failing.inner = bus;
        failing.fails = fails;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        if (method!.Name == nameof(ISendEndpointProvider.GetSendEndpoint))
            return WrapAsync((Task<ISendEndpoint>)method.Invoke(inner, args)!);
        return method.Invoke(inner, args);
    }

    async Task<ISendEndpoint> WrapAsync(Task<ISendEndpoint> endpoint) => FailingEndpoint.Over(await endpoint, this);

    bool NextFails() => fails(Interlocked.Increment(ref sends));

    /// <summary>One endpoint: each <c>Send</c> either fails or goes on to the real endpoint.</summary>
    public class FailingEndpoint : DispatchProxy
    {
        ISendEndpoint inner = null!;
        FailingSends owner = null!;

        public static ISendEndpoint Over(ISendEndpoint endpoint, FailingSends owner)
        {
            var proxy = Create<ISendEndpoint, FailingEndpoint>();
            var failing = (FailingEndpoint)(object)proxy;
            failing.inner = endpoint;
            failing.owner = owner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args) =>
            method!.Name == nameof(ISendEndpoint.Send) && owner.NextFails()
                ? Task.FromException(new InvalidOperationException("the broker went away"))
                : method.Invoke(inner, args);
    }
}
