using System.Text;
using RabbitMQ.Client;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>A message no worker can read, published straight to the fleet's pool; MassTransit moves it to the pool's <c>_error</c> queue.</summary>
static class PoisonMessage
{
    const string Pool = "stamina.pool.default";

    public const string ErrorQueue = Pool + "_error";

    /// <summary>Publishes it and waits until it lies in <see cref="ErrorQueue"/>.</summary>
    public static async Task DeadLetterAsync(Fleet fleet)
    {
        var factory = new ConnectionFactory { Uri = new Uri(fleet.VirtualHost.AmqpUri), AutomaticRecoveryEnabled = false };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
            await channel.BasicPublishAsync(Pool, "", mandatory: false, properties, Encoding.UTF8.GetBytes("{ this is not json"));
        }
        await Eventually.UntilAsync(async () => (await fleet.VirtualHost.GetQueueAsync(ErrorQueue))?.Messages > 0,
            TimeSpan.FromSeconds(30), $"the poison message to reach {ErrorQueue}");
    }
}
