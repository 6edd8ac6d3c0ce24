using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Stamina.Worker.Tests.Facts;

/// <summary>
/// MassTransit's in-memory test harness with a scripted coordinator for one request type: the worker's class under
/// test gets a real request client, so timeouts, faults and two-way answers behave as on the wire.
/// </summary>
public sealed class CoordinatorHarness<TRequest> : IAsyncDisposable where TRequest : class
{
    readonly ServiceProvider provider;

    CoordinatorHarness(ServiceProvider provider, ScriptedCoordinator<TRequest> script)
    {
        this.provider = provider;
        Script = script;
    }

    public ScriptedCoordinator<TRequest> Script { get; }

    public ITestHarness Harness => provider.GetRequiredService<ITestHarness>();

    public static async Task<CoordinatorHarness<TRequest>> StartAsync(FakeTimeProvider clock)
    {
        var script = new ScriptedCoordinator<TRequest>(clock);
        var provider = new ServiceCollection()
            .AddSingleton(script)
            .AddMassTransitTestHarness(bus => bus.AddConsumer<ScriptedResponder<TRequest>>())
            .BuildServiceProvider(true);
        var harness = new CoordinatorHarness<TRequest>(provider, script);
        await harness.Harness.Start();
        return harness;
    }

    public IRequestClient<TRequest> Client() => Harness.GetRequestClient<TRequest>();

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
