using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stamina.ServiceDefaults.Messaging;
using Stamina.Testing;

namespace Stamina.Worker.Tests.Messaging;

/// <summary>
/// A MassTransit bus configured as the coordinator and workers configure theirs (publisher confirms),
/// on the real RabbitMQ: after the broker closes its connection, sends, publishes and requests work again.
/// </summary>
public sealed class BrokerReconnectTests
{
    const string ConnectionName = "stamina-reconnect-test";
    static readonly TimeSpan Recovery = TimeSpan.FromSeconds(20);

    TemporaryVirtualHost vhost = null!;
    ServiceProvider provider = null!;
    IBusControl bus = null!;
    int next;

    [SetUp]
    public async Task StartBus()
    {
        vhost = await TemporaryVirtualHost.CreateAsync();
        var address = RabbitMqAddress.Parse(vhost.AmqpUri);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<PingLog>();
        services.AddMassTransit(configurator =>
        {
            configurator.AddConsumer<PingConsumer>().Endpoint(e => e.Name = "ping");
            configurator.AddRequestClient<Ping>(new Uri("exchange:ping"), RequestTimeout.After(s: 5));
            configurator.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.UseStaminaHost(address, ConnectionName);
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        provider = services.BuildServiceProvider();
        bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await RoundTripAsync(TimeSpan.FromSeconds(10));
    }

    [TearDown]
    public async Task StopBus()
    {
        await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await provider.DisposeAsync();
        await vhost.DisposeAsync();
    }

    [Test]
    public async Task When_the_broker_closes_the_connection_Should_send_publish_and_request_again_within_seconds()
    {
        await CloseConnectionAsync();

        var clock = Stopwatch.StartNew();
        await RoundTripAsync(Recovery);
        TestContext.Out.WriteLine($"recovered after the connection closed in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    public async Task When_the_broker_closes_the_connection_twice_Should_recover_each_time()
    {
        for (var round = 1; round <= 2; round++)
        {
            await CloseConnectionAsync();
            var clock = Stopwatch.StartNew();
            await RoundTripAsync(Recovery);
            TestContext.Out.WriteLine($"round {round}: recovered in {clock.Elapsed.TotalSeconds:0.0} s");
        }
    }

    /// <summary>The management API lists a connection a moment after it opens: close it once it is listed.</summary>
    Task CloseConnectionAsync() => Eventually.UntilAsync(async () => await vhost.CloseConnectionsAsync(ConnectionName) > 0,
        TimeSpan.FromSeconds(15), "the broker closes the bus's connection");

    /// <summary>A request, a send and a publish, each tried until it gets through and the consumer saw it.</summary>
    async Task RoundTripAsync(TimeSpan timeout)
    {
        var client = provider.GetRequiredService<IRequestClient<Ping>>();
        await Eventually.UntilAsync(async () =>
        {
            var number = Interlocked.Increment(ref next);
            var response = await client.GetResponse<Pong>(new Ping { Number = number });
            return response.Message.Number == number;
        }, timeout, "a request is answered");

        var log = provider.GetRequiredService<PingLog>();
        var sent = Interlocked.Increment(ref next);
        await Eventually.UntilAsync(async () =>
        {
            var endpoint = await bus.GetSendEndpoint(new Uri("exchange:ping"));
            await endpoint.Send(new Ping { Number = sent });
            return true;
        }, timeout, "a send is confirmed");
        await Eventually.UntilAsync(() => log.Has(sent), timeout, "the sent ping arrives");

        var published = Interlocked.Increment(ref next);
        await Eventually.UntilAsync(async () =>
        {
            await bus.Publish(new Ping { Number = published });
            return true;
        }, timeout, "a publish is confirmed");
        await Eventually.UntilAsync(() => log.Has(published), timeout, "the published ping arrives");
    }
}
