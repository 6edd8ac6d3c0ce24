using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.WorkItems;
using Stamina.ServiceDefaults.Messaging;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Leases;

/// <summary>
/// On the real broker: a holder's exclusive queues answer "locked" while any of its connections is open, "not found"
/// once all are closed; a broker that cannot be asked leaves the judge undecided.
/// </summary>
[TestFixture]
public sealed class RabbitMqHolderProbeTests
{
    const string Worker = "w1";
    const string Run = "0a1b2c3d";

    TemporaryVirtualHost vhost = null!;
    ConnectionFactory factory = null!;

    [SetUp]
    public async Task CreateVirtualHost()
    {
        vhost = await TemporaryVirtualHost.CreateAsync();
        var address = RabbitMqAddress.Parse(vhost.AmqpUri);
        factory = new ConnectionFactory
        {
            HostName = address.Host,
            Port = address.Port,
            VirtualHost = address.VirtualHost,
            UserName = address.User,
            Password = address.Password,
        };
    }

    [TearDown]
    public async Task DeleteVirtualHost() => await vhost.DisposeAsync();

    /// <summary>A connection that holds one exclusive queue, as a worker's bus does.</summary>
    async Task<IConnection> HoldAsync(string purpose)
    {
        var connection = await factory.CreateConnectionAsync($"holder-{purpose}");
        var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(EndpointNames.Worker(Worker, purpose, Run), durable: false, exclusive: true, autoDelete: true);
        return connection;
    }

    [Test]
    public async Task When_any_connection_of_the_holder_is_open_Should_say_present_and_when_all_closed_gone()
    {
        await using var probe = new RabbitMqHolderProbe(factory, NullLogger<RabbitMqHolderProbe>.Instance);
        var bus = await HoldAsync(EndpointNames.Bus);
        var work = await HoldAsync(EndpointNames.WorkBus);

        Assert.That(await probe.ProbeAsync(Worker, Run, CancellationToken.None), Is.EqualTo(HolderPresence.Present));
        await work.CloseAsync();
        await work.DisposeAsync();
        Assert.That(await probe.ProbeAsync(Worker, Run, CancellationToken.None), Is.EqualTo(HolderPresence.Present),
            "one connection closed (its work queue's) is no proof that the process died");
        await bus.CloseAsync();
        await bus.DisposeAsync();
        await Eventually.UntilAsync(async () => await probe.ProbeAsync(Worker, Run, CancellationToken.None) == HolderPresence.Gone,
            TimeSpan.FromSeconds(10), "the broker to delete the closed connections' exclusive queues");
        Assert.That(await probe.ProbeAsync(Worker, "ffffffff", CancellationToken.None), Is.EqualTo(HolderPresence.Gone), "another run's queues never existed");
    }

    [Test]
    public async Task When_the_broker_cannot_be_reached_Should_leave_the_silence_rule_to_decide()
    {
        factory.Port = 1;
        await using var probe = new RabbitMqHolderProbe(factory, NullLogger<RabbitMqHolderProbe>.Instance);
        var judge = new DeadHolderJudge(probe, TimeProvider.System, Options.Create(new LeaseSettings()), NullLogger<DeadHolderJudge>.Instance);

        var verdict = await judge.JudgeAsync(Guid.NewGuid(), 1, Worker, Run);

        Assert.That(verdict, Is.EqualTo(HolderVerdict.Undecided));
    }
}
