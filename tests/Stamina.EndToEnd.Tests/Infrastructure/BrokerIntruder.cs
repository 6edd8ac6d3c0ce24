using MassTransit;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A client that holds the fleet's broker credentials and nothing else (no attempt secret, no API key): it sends
/// whatever message it likes, as a forger would.
/// </summary>
sealed class BrokerIntruder : IAsyncDisposable
{
    readonly IBusControl bus;

    BrokerIntruder(IBusControl bus) => this.bus = bus;

    public IBus Bus => bus;

    public static async Task<BrokerIntruder> ConnectAsync(Fleet fleet)
    {
        // Its messages carry its (shared) broker user, as a worker's do: one without is dropped before any check of secrets.
        var address = RabbitMqAddress.Parse(fleet.VirtualHost.AmqpUri);
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbitMq =>
        {
            rabbitMq.Host(new Uri(fleet.VirtualHost.AmqpUri));
            rabbitMq.StampSender(address);
        });
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return new BrokerIntruder(bus);
    }

    /// <summary>
    /// As a worker's own broker user (<c>stamina broker users</c>): its endpoints named as that worker's, its messages
    /// stamped with its user as a worker's are (RabbitMQ refuses any other user_id).
    /// </summary>
    public static async Task<BrokerIntruder> ConnectAsWorkerUserAsync(string amqpUri, string workerName)
    {
        var address = RabbitMqAddress.Parse(amqpUri);
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbitMq =>
        {
            rabbitMq.UseStaminaHost(address, "intruder");
            rabbitMq.OverrideDefaultBusEndpointQueueName(EndpointNames.Worker(workerName, EndpointNames.Bus, EndpointNames.NewRun()));
            rabbitMq.StampSender(address);
        });
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return new BrokerIntruder(bus);
    }

    public async Task<Response<TAccepted, TRejected>> AskAsync<TRequest, TAccepted, TRejected>(TRequest request)
        where TRequest : class
        where TAccepted : class
        where TRejected : class =>
        await bus.CreateRequestClient<TRequest>(RequestTimeout.After(s: 15)).GetResponse<TAccepted, TRejected>(request);

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
