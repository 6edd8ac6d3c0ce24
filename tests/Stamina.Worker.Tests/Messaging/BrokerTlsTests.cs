using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Messaging;
using Stamina.Testing;

namespace Stamina.Worker.Tests.Messaging;

/// <summary>
/// <c>amqps://</c> against a real RabbitMQ TLS listener (a private node, see <see cref="PrivateRabbitMq"/>) whose
/// certificate, for <c>localhost</c> only, this fixture's own CA signed. A bus configured as the services configure it
/// makes a round trip with that CA in <c>Stamina:RabbitMq:CaFile</c>; a wrong CA, the machine's roots, or a host name
/// the certificate does not name are refused with an error that says TLS and what to change.
/// </summary>
[NonParallelizable]
public sealed class BrokerTlsTests
{
    TemporaryDirectory files = null!;
    TestCertificateAuthority authority = null!;
    TestCertificateAuthority stranger = null!;
    PrivateRabbitMq broker = null!;
    string caFile = null!;
    string strangerFile = null!;
    (string Certificate, string Key) client;
    (string Certificate, string Key) strangerClient;

    [OneTimeSetUp]
    public async Task StartBroker()
    {
        if (!PrivateRabbitMq.IsAvailable)
            Assert.Ignore("needs rabbitmq-server and root");
        files = new TemporaryDirectory("tls");
        authority = new TestCertificateAuthority();
        stranger = new TestCertificateAuthority("Someone else's CA");
        caFile = authority.WriteCertificate(files.Combine("ca.pem"));
        strangerFile = stranger.WriteCertificate(files.Combine("stranger-ca.pem"));
        using var server = authority.Issue("localhost", ["localhost"]);
        var serverFiles = TestCertificateAuthority.WritePem(server, files.Path, "server");
        using var clientCertificate = authority.Issue("stamina-worker", [], client: true);
        client = TestCertificateAuthority.WritePem(clientCertificate, files.Path, "client");
        using var strangerCertificate = stranger.Issue("stamina-worker", [], client: true);
        strangerClient = TestCertificateAuthority.WritePem(strangerCertificate, files.Path, "stranger-client");
        broker = await PrivateRabbitMq.StartAsync(serverFiles.CertificateFile, serverFiles.KeyFile, caFile);
    }

    [OneTimeTearDown]
    public async Task StopBroker()
    {
        if (broker is not null)
            await broker.DisposeAsync();
        authority?.Dispose();
        stranger?.Dispose();
        files?.Dispose();
    }

    [Test]
    public async Task When_the_CA_file_names_the_brokers_CA_Should_make_a_round_trip_over_TLS()
    {
        var address = Address(broker.AmqpsUri(), ("CaFile", caFile));
        Assert.That(address.UseTls, Is.True);

        await using var provider = await StartBusAsync(address, new CapturedLogs());
        try
        {
            using var scope = provider.CreateScope();
            var response = await scope.ServiceProvider.GetRequiredService<IRequestClient<Ping>>()
                .GetResponse<Pong>(new Ping { Number = 7 }, timeout: RequestTimeout.After(s: 10));

            Assert.That(response.Message.Number, Is.EqualTo(7));
        }
        finally
        {
            await StopBusAsync(provider);
        }
    }

    [Test]
    public async Task When_a_client_certificate_is_configured_Should_present_it_and_the_broker_accepts_it()
    {
        var address = Address(broker.AmqpsUri(), ("CaFile", caFile), ("ClientCertificateFile", client.Certificate), ("ClientKeyFile", client.Key));

        await using var connection = await Factory(address).CreateConnectionAsync();

        Assert.That(connection.IsOpen, Is.True);
    }

    [Test]
    public void When_the_client_certificate_is_from_a_CA_the_broker_does_not_trust_Should_be_refused_by_the_broker()
    {
        var address = Address(broker.AmqpsUri(), ("CaFile", caFile),
            ("ClientCertificateFile", strangerClient.Certificate), ("ClientKeyFile", strangerClient.Key));

        Assert.That(async () => await Factory(address).CreateConnectionAsync(), Throws.InstanceOf<BrokerUnreachableException>());
    }

    [Test]
    public void When_the_CA_file_names_another_CA_Should_refuse_the_broker_naming_TLS_and_the_CA_file()
    {
        var address = Address(broker.AmqpsUri(), ("CaFile", strangerFile));

        var refusal = Refusal(address);

        Assert.That(refusal.Message, Does.StartWith("TLS: refused the broker at localhost").And.Contain(strangerFile));
    }

    [Test]
    public void When_no_CA_file_is_set_Should_refuse_a_certificate_the_machine_does_not_trust_and_say_which_setting_to_set()
    {
        var address = Address(broker.AmqpsUri());

        var refusal = Refusal(address);

        Assert.That(refusal.Message, Does.StartWith("TLS: refused the broker at localhost").And.Contain("Stamina:RabbitMq:CaFile"));
    }

    [Test]
    public void When_the_host_name_is_not_in_the_certificate_Should_refuse_even_with_the_right_CA()
    {
        // The certificate names localhost only: 127.0.0.1 reaches the same listener under a name it does not carry.
        var address = Address(broker.AmqpsUri("127.0.0.1"), ("CaFile", caFile));

        var refusal = Refusal(address);

        Assert.That(refusal.Message, Does.StartWith("TLS: refused the broker at 127.0.0.1").And.Contain("not issued for the host name '127.0.0.1'"));
    }

    [Test]
    public async Task When_a_bus_cannot_verify_the_broker_Should_log_the_TLS_reason_rather_than_only_unreachable()
    {
        var address = Address(broker.AmqpsUri(), ("CaFile", strangerFile));
        var logs = new CapturedLogs();

        await using var provider = await StartBusAsync(address, logs, wait: false);
        try
        {
            await Eventually.UntilAsync(() => logs.Contains("TLS: refused the broker at localhost"), TimeSpan.FromSeconds(20),
                "the bus logs why TLS failed");
        }
        finally
        {
            await StopBusAsync(provider);
        }
    }

    [Test]
    public async Task When_a_bus_uses_plain_amqp_to_another_machine_Should_warn_at_start()
    {
        // A documentation address (TEST-NET-1): nothing answers, the warning comes before any connection.
        var address = RabbitMqAddress.Parse("amqp://u:p@192.0.2.1:5672/");
        var logs = new CapturedLogs();

        await using var provider = await StartBusAsync(address, logs, wait: false);
        try
        {
            await Eventually.UntilAsync(() => logs.Contains("cross the network unencrypted"), TimeSpan.FromSeconds(10), "the bus warns about plain amqp");
        }
        finally
        {
            await StopBusAsync(provider);
        }
    }

    static BrokerCertificateRejectedException Refusal(RabbitMqAddress address)
    {
        var failure = Assert.ThrowsAsync<BrokerUnreachableException>(async () => await Factory(address).CreateConnectionAsync())!;
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is BrokerCertificateRejectedException rejected)
                return rejected;
        }

        throw new AssertionException($"no TLS refusal in {failure}");
    }

    static ConnectionFactory Factory(RabbitMqAddress address) => new ConnectionFactory
    {
        HostName = address.Host,
        Port = address.Port,
        VirtualHost = address.VirtualHost,
        UserName = address.User,
        Password = address.Password,
        AutomaticRecoveryEnabled = false,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
    }.ApplyTls(address);

    static RabbitMqAddress Address(string uri, params (string Name, string Value)[] settings) =>
        RabbitMqAddress.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create($"Stamina:RabbitMq:{s.Name}", (string?)s.Value))
                .Append(KeyValuePair.Create("ConnectionStrings:RabbitMq", (string?)uri))).Build());

    static async Task StopBusAsync(ServiceProvider provider)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await provider.GetRequiredService<IBusControl>().StopAsync(timeout.Token);
    }

    static async Task<ServiceProvider> StartBusAsync(RabbitMqAddress address, CapturedLogs logs, bool wait = true)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        services.AddSingleton<PingLog>();
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<PingConsumer>().Endpoint(e => e.Name = $"tls-ping-{Guid.NewGuid():N}");
            bus.AddRequestClient<Ping>();
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.UseStaminaHost(address, "tls-test");
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        var provider = services.BuildServiceProvider();
        var start = provider.GetRequiredService<IBusControl>().StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        if (wait)
            await start;
        else
            _ = start.ContinueWith(t => t.Exception, TaskScheduler.Default);
        return provider;
    }
}
