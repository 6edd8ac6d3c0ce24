using System.Reflection;
using MassTransit;

namespace Stamina.Worker.Tests.Facts;

/// <summary>
/// A request client whose first calls never end and ignore their cancellation, as MassTransit's may while it
/// recovers its connection (MassTransit#3502); the calls after them go to the real client.
/// </summary>
public class HangingRequestClient<TRequest> : DispatchProxy where TRequest : class
{
    IRequestClient<TRequest> inner = null!;
    int hangs;
    int calls;

    /// <summary>Requests that hung so far.</summary>
    public int Hung => Math.Min(Volatile.Read(ref calls), hangs);

    public static (IRequestClient<TRequest> Client, HangingRequestClient<TRequest> Hanging) Wrap(IRequestClient<TRequest> inner, int hangs)
    {
        var client = Create<IRequestClient<TRequest>, HangingRequestClient<TRequest>>();
        var hanging = (HangingRequestClient<TRequest>)(object)client;
        hanging.inner = inner;
        hanging.hangs = hangs;
        return (client, hanging);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name != nameof(IRequestClient<TRequest>.GetResponse) || Interlocked.Increment(ref calls) > hangs)
            return targetMethod.Invoke(inner, args);
        // A task of the method's own type that nothing will ever complete.
        var source = Activator.CreateInstance(typeof(TaskCompletionSource<>).MakeGenericType(targetMethod.ReturnType.GetGenericArguments()[0]))!;
        return source.GetType().GetProperty(nameof(TaskCompletionSource.Task))!.GetValue(source);
    }
}
