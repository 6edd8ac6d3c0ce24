using System.Diagnostics;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// What this machine's broker and database allow, with nothing of Stamina in between: each item is one confirmed
/// publish to a quorum queue (declared as a pool's), consumed by <c>consumers</c> consumers with a prefetch of one,
/// each doing one small PostgreSQL transaction (an update of the item's row) before it acknowledges.
/// </summary>
static class BrokerDatabaseBaseline
{
    public static async Task<double> ItemsPerSecondAsync(string amqpUri, string postgres, int items, int consumers)
    {
        await using var data = NpgsqlDataSource.Create(postgres);
        await using (var setup = data.CreateCommand(
            "drop table if exists capacity_baseline; create table capacity_baseline (id int primary key, n int not null); " +
            $"insert into capacity_baseline select i, 0 from generate_series(1, {items}) i"))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var queue = "capacity-baseline-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: PoolQueues.Arguments());

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = 0;
        var channels = new List<IChannel>();
        for (var i = 0; i < consumers; i++)
        {
            var channel = await connection.CreateChannelAsync();
            channels.Add(channel);
            await channel.BasicQosAsync(0, 1, false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                var id = BitConverter.ToInt32(delivery.Body.Span);
                await using (var db = await data.OpenConnectionAsync())
                await using (var transaction = await db.BeginTransactionAsync())
                {
                    await using var update = new NpgsqlCommand("update capacity_baseline set n = n + 1 where id = @id", db, transaction);
                    update.Parameters.AddWithValue("id", id);
                    await update.ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                }
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                if (Interlocked.Increment(ref acknowledged) == items)
                    done.TrySetResult();
            };
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        }

        var clock = Stopwatch.StartNew();
        // Several publishes in flight, each awaited until the broker confirms it.
        await Parallel.ForEachAsync(Enumerable.Range(1, items), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, token) =>
            await publisher.BasicPublishAsync("", queue, mandatory: false, new BasicProperties { Persistent = true },
                BitConverter.GetBytes(id), token));
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var rate = items / clock.Elapsed.TotalSeconds;

        foreach (var channel in channels)
            await channel.DisposeAsync();
        await publisher.QueueDeleteAsync(queue);
        return rate;
    }
}
