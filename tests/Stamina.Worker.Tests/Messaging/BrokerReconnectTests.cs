using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stamina.ServiceDefaults.Messaging;
using Stamina.Testing;

namespace Stamina.Worker.Tests.Messaging;

/// <summary>
/// MassTransit 8.5.12 on RabbitMQ.Client 7.2.2, configured as the services configure it (publisher
/// confirms), against the real broker. A "worker" side asks a "coordinator" side (another connection,
/// never closed) and the broker closes the worker's connections. RabbitMQ.Client closes a connection's
/// channels one after another and, for a consuming channel, waits until the delivery in progress
/// returns: a consumer busy with long work holds up the closing of every channel after it, so MassTransit
/// never learns that its send channel is gone. Hence the worker's work queue on a connection of its own.
/// </summary>
public sealed class BrokerReconnectTests
{
    const string WorkerConnection = "reconnect-test-worker";
    // What the coordinator allows a worker to come back in after an outage (LeaseSettings.ReconnectAllowance): usually a
    // few seconds, but MassTransit's reconnect backoff grows when a first attempt fails, as it can on a loaded machine.
    static readonly TimeSpan Recovery = TimeSpan.FromSeconds(35);

    TemporaryVirtualHost vhost = null!;
    ServiceProvider coordinator = null!;
    ServiceProvider worker = null!;
    // NUnit shares one fixture instance between tests: each test gets its own in SetUp.
    HoldGate gate = null!;
    CancellationTokenSource stopHeartbeats = null!;
    Task heartbeats = Task.CompletedTask;
    int next;

    [SetUp]
    public async Task StartCoordinator()
    {
        gate = new HoldGate();
        stopHeartbeats = new CancellationTokenSource();
        heartbeats = Task.CompletedTask;
        worker = null!;
        vhost = await TemporaryVirtualHost.CreateAsync();
        coordinator = await StartAsync(services => services.AddMassTransit(bus =>
        {
            bus.AddConsumer<PingConsumer>().Endpoint(e => e.Name = "ping");
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.UseStaminaHost(RabbitMqAddress.Parse(vhost.AmqpUri), "reconnect-test-coordinator");
                rabbitMq.ConfigureEndpoints(context);
            });
        }));
    }

    [TearDown]
    public async Task StopAll()
    {
        gate.Released.TrySetResult();
        await stopHeartbeats.CancelAsync();
        // Each step is bounded: a bus that never finishes stopping after a broker fault must fail one test, not hang the run.
        await Bounded(heartbeats);
        stopHeartbeats.Dispose();
        foreach (var provider in new[] { worker, coordinator })
        {
            if (provider is null)
                continue;
            foreach (var bus in provider.GetServices<MassTransit.Transports.IBusInstance>())
                await Bounded(bus.BusControl.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token));
            await Bounded(provider.DisposeAsync().AsTask());
        }
        await vhost.DisposeAsync();
    }

    static async Task Bounded(Task step)
    {
        try
        {
            await step.WaitAsync(TimeSpan.FromSeconds(40));
        }
        catch (TimeoutException)
        {
            await TestContext.Out.WriteLineAsync("a tear-down step did not finish within 40 s; going on");
        }
    }

    [Test]
    public async Task When_the_broker_closes_an_idle_bus_connection_Should_request_and_publish_again_within_seconds()
    {
        worker = await StartWorkerAsync(separateWorkConnection: false);
        await RoundTripAsync(TimeSpan.FromSeconds(10));

        await CloseWorkerConnectionsAsync();
        var clock = Stopwatch.StartNew();
        await RoundTripAsync(Recovery);
        TestContext.Out.WriteLine($"idle: recovered {clock.Elapsed.TotalSeconds:0.0} s after the close");
    }

    [Test]
    [Explicit("Reproduces the cause, but not every time: it depends on which channel RabbitMQ.Client closes first.")]
    public async Task When_a_busy_consumer_shares_the_connection_Should_not_send_until_it_returns()
    {
        worker = await StartWorkerAsync(separateWorkConnection: false);
        await RoundTripAsync(TimeSpan.FromSeconds(10));
        await StartHoldingAsync();

        await CloseWorkerConnectionsAsync();
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAsync<TimeoutException>(() => RequestAsync(TimeSpan.FromSeconds(8)),
            "RabbitMQ.Client 7.2.2 holds up the connection's shutdown while a delivery is being consumed");
        gate.Released.TrySetResult();
        await RoundTripAsync(Recovery);
        TestContext.Out.WriteLine($"shared: requests failed until the consumer returned; recovered {clock.Elapsed.TotalSeconds:0.0} s after the close");
    }

    [Test]
    public async Task When_a_busy_consumer_has_its_own_connection_Should_request_and_publish_again_within_seconds()
    {
        worker = await StartWorkerAsync(separateWorkConnection: true);
        await RoundTripAsync(TimeSpan.FromSeconds(10));
        await StartHoldingAsync();

        await CloseWorkerConnectionsAsync();
        var clock = Stopwatch.StartNew();
        await RoundTripAsync(Recovery);
        TestContext.Out.WriteLine($"separate: recovered {clock.Elapsed.TotalSeconds:0.0} s after the close, the consumer still busy");
        Assert.That(gate.Released.Task.IsCompleted, Is.False, "recovered while the consumer was still busy");

        // Once it returns, its own connection closes, reconnects, and the broker redelivers the message it held.
        gate.Released.TrySetResult();
        // Not the guarantee under test (that is the recovery above, while busy): the work bus reconnects on its own backoff.
        await Eventually.UntilAsync(() => Volatile.Read(ref gate.Deliveries) >= 2, TimeSpan.FromSeconds(60), "the work queue consumes again");
    }

    async Task<ServiceProvider> StartWorkerAsync(bool separateWorkConnection)
    {
        var address = RabbitMqAddress.Parse(vhost.AmqpUri);
        return await StartAsync(services =>
        {
            services.AddSingleton(gate);
            services.AddMassTransit(bus =>
            {
                if (!separateWorkConnection)
                    bus.AddConsumer<HoldConsumer>().Endpoint(e => e.Name = "hold");
                bus.AddRequestClient<Ping>(new Uri("exchange:ping"));
                bus.UsingRabbitMq((context, rabbitMq) =>
                {
                    rabbitMq.UseStaminaHost(address, WorkerConnection);
                    rabbitMq.ConfigureEndpoints(context);
                });
            });
            if (!separateWorkConnection)
                return;
            services.AddMassTransit<IHoldingBus>(bus =>
            {
                bus.AddConsumer<HoldConsumer>().Endpoint(e => e.Name = "hold");
                bus.UsingRabbitMq((context, rabbitMq) =>
                {
                    rabbitMq.UseStaminaHost(address, WorkerConnection + "-work");
                    rabbitMq.ConfigureEndpoints(context);
                });
            });
        });
    }

    static async Task<ServiceProvider> StartAsync(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<PingLog>();
        configure(services);
        var provider = services.BuildServiceProvider();
        foreach (var bus in provider.GetServices<MassTransit.Transports.IBusInstance>())
            await bus.BusControl.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return provider;
    }

    /// <summary>Publishes every 100 ms with a short timeout, as the worker's heartbeats do: one is in flight when the broker closes.</summary>
    void StartHeartbeats() => heartbeats = Task.Run(async () =>
    {
        var bus = worker.GetRequiredService<IBus>();
        while (!stopHeartbeats.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopHeartbeats.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await bus.Publish(new Pong { Number = 0 }, timeout.Token).WaitAsync(TimeSpan.FromSeconds(2), stopHeartbeats.Token);
                await Task.Delay(100, stopHeartbeats.Token);
            }
            catch (OperationCanceledException) when (stopHeartbeats.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Failing while the connection is down, as the test expects.
            }
        }
    });

    async Task StartHoldingAsync()
    {
        StartHeartbeats();
        var endpoint = await coordinator.GetRequiredService<IBus>().GetSendEndpoint(new Uri("exchange:hold"));
        await endpoint.Send(new Hold { Id = Guid.NewGuid() });
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>The management API lists a connection a moment after it opens: close them once listed.</summary>
    Task CloseWorkerConnectionsAsync() => Eventually.UntilAsync(async () => await vhost.CloseConnectionsAsync(WorkerConnection) > 0,
        TimeSpan.FromSeconds(15), "the broker closes the worker's connections");

    /// <summary>A request answered, then a publish confirmed and consumed on the other side, each retried until it gets through.</summary>
    async Task RoundTripAsync(TimeSpan timeout)
    {
        await RequestAsync(timeout);
        var published = Interlocked.Increment(ref next);
        await Eventually.UntilAsync(async () =>
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await worker.GetRequiredService<IBus>().Publish(new Ping { Number = published }, cancel.Token).WaitAsync(TimeSpan.FromSeconds(3));
            return true;
        }, timeout, "a publish is confirmed");
        await Eventually.UntilAsync(() => coordinator.GetRequiredService<PingLog>().Has(published), timeout, "the published ping arrives");
    }

    Task RequestAsync(TimeSpan timeout) => Eventually.UntilAsync(async () =>
    {
        var number = Interlocked.Increment(ref next);
        using var scope = worker.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<IRequestClient<Ping>>();
        var response = await client.GetResponse<Pong>(new Ping { Number = number }, timeout: RequestTimeout.After(s: 2));
        return response.Message.Number == number;
    }, timeout, "a request is answered");
}
