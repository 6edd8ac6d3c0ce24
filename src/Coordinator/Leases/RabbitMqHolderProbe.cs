using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Coordinator.Leases;

/// <summary>
/// A passive <c>queue.declare</c> of the holder's bus queues (one per connection: the main bus and the work-queue
/// bus), named by its run. Both are exclusive, so the broker deletes them when their connection closes: 404 means
/// gone; 405 (locked by another connection) or an answer means present. A passive declare needs no permission.
/// Each refusal closes its channel, so every queue is asked on a channel of its own.
/// </summary>
public sealed class RabbitMqHolderProbe(IConnectionFactory connections, ILogger<RabbitMqHolderProbe> logger) : IHolderProbe, IAsyncDisposable
{
    readonly SemaphoreSlim gate = new(1, 1);
    IConnection? connection;

    public async Task<HolderPresence> ProbeAsync(string worker, string run, CancellationToken cancellationToken)
    {
        var open = await ConnectionAsync(cancellationToken);
        foreach (var purpose in (string[])[EndpointNames.Bus, EndpointNames.WorkBus])
        {
            if (await QueueAsync(open, EndpointNames.Worker(worker, purpose, run), cancellationToken) is not HolderPresence.Gone and var presence)
                return presence;
        }
        return HolderPresence.Gone;
    }

    static async Task<HolderPresence> QueueAsync(IConnection open, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await open.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return HolderPresence.Present;
        }
        catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return HolderPresence.Gone;
        }
        catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == Constants.ResourceLocked)
        {
            return HolderPresence.Present;
        }
    }

    async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (connection is { IsOpen: true })
                return connection;
            await CloseAsync();
            connection = await connections.CreateConnectionAsync("stamina-coordinator-holder-probe", cancellationToken);
            return connection;
        }
        finally
        {
            gate.Release();
        }
    }

    async Task CloseAsync()
    {
        try
        {
            if (connection is not null)
                await connection.DisposeAsync();
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Closing the holder probe's connection failed");
        }
        connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        gate.Dispose();
    }
}
