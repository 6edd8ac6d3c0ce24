using System.Collections.Concurrent;
using RabbitMQ.Client;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// Declares each pool's quorum queue exactly as the workers' MassTransit endpoints do, so that items can
/// wait for a pool before any worker has started, and reads the queue's depth and consumer count.
/// </summary>
/// <remarks>
/// Sending through MassTransit to <c>queue:NAME</c> would redeclare a quorum queue as a classic one,
/// which RabbitMQ refuses; so we declare with RabbitMQ.Client and send to <c>exchange:NAME</c>.
/// </remarks>
public sealed class PoolTopology(IConnectionFactory connections, ILogger<PoolTopology> logger) : IPoolQueues, IAsyncDisposable
{
    readonly SemaphoreSlim gate = new(1, 1);
    readonly ConcurrentDictionary<string, bool> declared = new();
    IConnection? connection;
    IChannel? channel;

    public async Task<PoolQueueState> InspectAsync(string pool, CancellationToken cancellationToken)
    {
        var name = PoolQueues.QueueName(pool);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var open = await OpenChannelAsync(cancellationToken);
            if (!declared.ContainsKey(name))
            {
                await open.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                await open.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
                    arguments: PoolQueues.Arguments(), cancellationToken: cancellationToken);
                await open.QueueBindAsync(name, name, routingKey: "", cancellationToken: cancellationToken);
                declared[name] = true;
                logger.LogInformation("Declared quorum queue {Queue} for pool {Pool}", name, pool);
            }
            var queue = await open.QueueDeclarePassiveAsync(name, cancellationToken);
            return new PoolQueueState(queue.MessageCount, queue.ConsumerCount);
        }
        catch
        {
            // A channel error closes the channel; forget it so the next call starts clean.
            await ResetAsync();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    public Uri SendAddress(string pool) => new($"exchange:{PoolQueues.QueueName(pool)}");

    async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        if (channel is { IsOpen: true })
            return channel;
        await ResetAsync();
        connection = await connections.CreateConnectionAsync("stamina-coordinator-topology", cancellationToken);
        channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        declared.Clear();
        return channel;
    }

    async Task ResetAsync()
    {
        try
        {
            if (channel is not null)
                await channel.DisposeAsync();
            if (connection is not null)
                await connection.DisposeAsync();
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Closing the topology connection failed");
        }
        channel = null;
        connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        gate.Dispose();
    }
}
