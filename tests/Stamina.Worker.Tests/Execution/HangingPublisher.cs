using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;

namespace Stamina.Worker.Tests.Execution;

/// <summary>
/// A publish endpoint whose every publish never ends, whatever its token says: MassTransit's publish while its connection
/// is being recovered (MassTransit#3502). It keeps what it was asked to publish.
/// </summary>
public class HangingPublisher : DispatchProxy
{
    public ConcurrentQueue<object> Published { get; } = new();

    public static (IPublishEndpoint Endpoint, HangingPublisher Publisher) Create()
    {
        var proxy = Create<IPublishEndpoint, HangingPublisher>();
        return (proxy, (HangingPublisher)(object)proxy);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        if (method!.Name != nameof(IPublishEndpoint.Publish) || method.ReturnType != typeof(Task))
            throw new NotSupportedException(method.Name);
        Published.Enqueue(args![0]!);
        return new TaskCompletionSource().Task;
    }
}
