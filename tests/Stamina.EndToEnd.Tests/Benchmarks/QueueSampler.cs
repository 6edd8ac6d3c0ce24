using RabbitMQ.Client;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// Samples a queue's ready messages every few milliseconds: when the workers of a run wait, an empty queue says the
/// dispatcher kept them waiting, a queue with messages says they themselves (or the coordinator's answers) were slow.
/// </summary>
sealed class QueueSampler : IAsyncDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly Task sampling;
    int samples;
    int empty;

    readonly IConnection connection;

    QueueSampler(IConnection connection, IChannel channel, string queue)
    {
        this.connection = connection;
        sampling = SampleAsync(channel, queue);
    }

    public static async Task<QueueSampler> StartAsync(string amqpUri, string queue)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri), ClientProvidedName = "queue-sampler" }.CreateConnectionAsync();
        return new QueueSampler(connection, await connection.CreateChannelAsync(), queue);
    }

    /// <summary>The share of samples that found no ready message.</summary>
    public double EmptyShare => samples == 0 ? 0 : (double)empty / samples;

    async Task SampleAsync(IChannel channel, string queue)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var state = await channel.QueueDeclarePassiveAsync(queue, stop.Token);
                samples++;
                if (state.MessageCount == 0)
                    empty++;
                await Task.Delay(TimeSpan.FromMilliseconds(20), stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await channel.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        await connection.DisposeAsync();
        stop.Dispose();
    }
}
