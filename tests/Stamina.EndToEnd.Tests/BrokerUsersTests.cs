using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.ServiceDefaults.Messaging;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// The users <c>stamina broker users</c> makes, attacked on the real broker with RabbitMQ.Client: a worker's user
/// reaches its own pool and endpoints and nothing else (RabbitMQ answers ACCESS_REFUSED, 403).
/// </summary>
[NonParallelizable]
public sealed class BrokerUsersTests
{
    const ushort AccessRefused = 403;
    TemporaryVirtualHost vhost = null!;
    BrokerUsers users = null!;
    IConnection worker = null!;
    string name = "";
    string otherName = "";

    [OneTimeSetUp]
    public async Task CreateUsers()
    {
        var tag = BrokerUsers.NewTag();
        (name, otherName) = ($"{tag}-a", $"{tag}-b");
        vhost = await TemporaryVirtualHost.CreateAsync();
        users = await BrokerUsers.CreateAsync(vhost, $"stamina-coordinator-{tag}", $"{name}:default", $"{otherName}:night");
        // What the coordinator and the other worker declare, made here with their own users (which proves they may).
        await using var coordinator = await ConnectAsync(users.Coordinator);
        await using var channel = await coordinator.CreateChannelAsync();
        foreach (var pool in new[] { "default", "night" })
        {
            var queue = PoolQueues.QueueName(pool);
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: PoolQueues.Arguments());
            await channel.QueueBindAsync(queue, queue, "");
        }
        await channel.QueueDeclareAsync("stamina.coordinator.work-items", durable: true, exclusive: false, autoDelete: false);
        foreach (var exchange in new[] { "Stamina.Contracts:ExecuteWorkItem", "Stamina.Contracts:AttemptCancelled", "Stamina.Contracts:ClaimWorkItem" })
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.ExchangeDeclareAsync(OtherWorkersReplies, ExchangeType.Fanout, durable: false, autoDelete: true);
        foreach (var exchange in FaultExchanges)
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        worker = await ConnectAsync(users.Worker(name));
    }

    [OneTimeTearDown]
    public async Task DeleteUsers()
    {
        if (worker is not null)
            await worker.DisposeAsync();
        if (users is not null)
            await users.DisposeAsync();
        if (vhost is not null)
            await vhost.DisposeAsync();
    }

    string OwnQueue(string run) => EndpointNames.Worker(name, EndpointNames.Bus, run);
    string OtherWorkersReplies => EndpointNames.Worker(otherName, EndpointNames.Bus, "0123abcd");

    [Test]
    public async Task When_a_worker_uses_its_own_pool_and_endpoints_Should_be_allowed()
    {
        Assert.That(await RefusalAsync(c => c.BasicConsumeAsync(PoolQueues.QueueName("default"), false, new AsyncEventingBasicConsumer(c))), Is.Null);
        var replies = OwnQueue("00000001");
        Assert.That(await RefusalAsync(async c =>
        {
            await c.QueueDeclareAsync(replies, durable: false, exclusive: false, autoDelete: true);
            await c.QueueBindAsync(replies, "Stamina.Contracts:AttemptCancelled", "");
        }), Is.Null, "declare a queue of its own and hear cancellations on it");
        Assert.That(await RefusalAsync(c => PublishAsync(c, "Stamina.Contracts:ClaimWorkItem")), Is.Null, "ask for a claim");
    }

    [Test]
    public async Task When_a_worker_consumes_or_binds_another_pools_queue_Should_be_refused()
    {
        var night = PoolQueues.QueueName("night");
        Assert.That(await RefusalAsync(c => c.BasicConsumeAsync(night, false, new AsyncEventingBasicConsumer(c))), Is.EqualTo(AccessRefused), "consume");
        Assert.That(await RefusalAsync(c => c.BasicGetAsync(night, autoAck: true)), Is.EqualTo(AccessRefused), "get");
        Assert.That(await RefusalAsync(c => c.QueueBindAsync(night, "Stamina.Contracts:ClaimWorkItem", "")), Is.EqualTo(AccessRefused), "bind the queue");
        Assert.That(await RefusalAsync(async c =>
        {
            await c.QueueDeclareAsync(OwnQueue("00000002"), durable: false, exclusive: false, autoDelete: true);
            await c.QueueBindAsync(OwnQueue("00000002"), night, "");
        }), Is.EqualTo(AccessRefused), "bind its exchange to a queue of its own");
        Assert.That(await RefusalAsync(c => c.QueueDeleteAsync(night)), Is.EqualTo(AccessRefused), "delete");
    }

    [Test]
    public async Task When_a_worker_reads_the_coordinators_queues_Should_be_refused()
    {
        Assert.That(await RefusalAsync(c => c.BasicConsumeAsync("stamina.coordinator.work-items", false, new AsyncEventingBasicConsumer(c))),
            Is.EqualTo(AccessRefused));
        Assert.That(await RefusalAsync(c => c.BasicGetAsync("stamina.coordinator.work-items", autoAck: true)), Is.EqualTo(AccessRefused));
    }

    static readonly string[] FaultExchanges =
        ["MassTransit:Fault", "MassTransit:Fault--Stamina.Contracts:ExecuteWorkItem--", "MassTransit:ReceiveFault"];

    [TestCaseSource(nameof(FaultExchanges))]
    public async Task When_a_worker_listens_to_faults_Should_be_refused(string exchange)
    {
        // Bound there it would receive every part's failed messages: other pools' items, transcripts with secrets.
        var queue = OwnQueue("0000000f");
        Assert.That(await RefusalAsync(async c =>
        {
            await c.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true);
            await c.QueueBindAsync(queue, exchange, "");
        }), Is.EqualTo(AccessRefused));
    }

    [TestCase("Stamina.Contracts:ExecuteWorkItem")]
    [TestCase("Stamina.Contracts:AttemptCancelled")]
    [TestCase("stamina.pool.night")]
    public async Task When_a_worker_publishes_what_only_the_coordinator_publishes_Should_be_refused(string exchange) =>
        Assert.That(await RefusalAsync(c => PublishAsync(c, exchange)), Is.EqualTo(AccessRefused));

    [Test]
    public async Task When_a_worker_forges_a_reply_to_another_worker_Should_be_refused() =>
        Assert.That(await RefusalAsync(c => PublishAsync(c, OtherWorkersReplies)), Is.EqualTo(AccessRefused));

    [Test]
    public async Task When_a_fleet_runs_with_only_these_users_Should_run_an_item_to_success()
    {
        var tag = BrokerUsers.NewTag();
        var workerName = $"{tag}-w";
        BrokerUsers? fleetUsers = null;
        var fleet = await Fleet.StartAsync(new FleetOptions
        {
            Workers = 0,
            CoordinatorBroker = async fleetVhost =>
            {
                fleetUsers = await BrokerUsers.CreateAsync(fleetVhost, $"stamina-coordinator-{tag}", $"{workerName}:default");
                return fleetUsers.Coordinator;
            },
        });
        try
        {
            await fleet.StartWorkerAsync(workerName, settings: new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = fleetUsers!.Worker(workerName) });
            var item = await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo hi > out.txt" } });
            await fleet.WaitForStateAsync(item.Id(), "Succeeded", TimeSpan.FromMinutes(1));
            var cancelled = await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sleep", "60" } });
            await fleet.WaitForStateAsync(cancelled.Id(), "Running", TimeSpan.FromMinutes(1));
            (await fleet.Api.PostAsync($"/api/items/{cancelled.Id()}/cancel", null)).EnsureSuccessStatusCode();
            await fleet.WaitForStateAsync(cancelled.Id(), "Cancelled", TimeSpan.FromSeconds(30));
            var logs = string.Join('\n', fleet.Workers.Concat([fleet.Coordinator]).SelectMany(p => p.Output));
            Assert.That(logs, Does.Not.Contain("ACCESS_REFUSED"), "no part was refused anything it does");
        }
        catch
        {
            fleet.WriteLogs(TestContext.Progress);
            throw;
        }
        finally
        {
            await fleet.DisposeAsync();
            if (fleetUsers is not null)
                await fleetUsers.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="action"/> on a fresh channel of the worker's connection; the close code if the broker refused it.</summary>
    async Task<ushort?> RefusalAsync(Func<IChannel, Task> action)
    {
        var channel = await worker.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        try
        {
            await action(channel);
            // A round trip: a refused publish closes the channel, which this then reports.
            await channel.BasicQosAsync(0, 1, false);
            return null;
        }
        catch (Exception exception) when (exception is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.PublishException)
        {
            await Eventually.UntilAsync(() => Task.FromResult(channel.CloseReason is not null), TimeSpan.FromSeconds(5), "the channel to close");
            return channel.CloseReason!.ReplyCode;
        }
        finally
        {
            await channel.DisposeAsync();
        }
    }

    static Task PublishAsync(IChannel channel, string exchange) =>
        channel.BasicPublishAsync(exchange, "", mandatory: false, new BasicProperties(), Encoding.UTF8.GetBytes("{}")).AsTask();

    static async Task<IConnection> ConnectAsync(string uri) => await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync();
}
