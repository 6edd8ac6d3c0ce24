using MassTransit;

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
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbitMq => rabbitMq.Host(new Uri(fleet.VirtualHost.AmqpUri)));
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
