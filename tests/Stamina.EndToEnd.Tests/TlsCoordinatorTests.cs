using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A coordinator over TLS on both sides, with certificates this fixture's CA made: it serves HTTPS with Kestrel's
/// standard <c>Kestrel:Certificates:Default:Path/KeyPath</c> (PEM) and reaches a RabbitMQ TLS listener (a private node)
/// through <c>amqps://</c> with <c>Stamina:RabbitMq:CaFile</c>. The real <c>stamina</c> CLI submits over HTTPS when it
/// trusts the CA (<c>SSL_CERT_FILE</c>) and refuses the coordinator, naming the certificate, when it does not.
/// </summary>
[NonParallelizable]
public sealed class TlsCoordinatorTests
{
    readonly string apiKey = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    TemporaryDirectory files = null!;
    TestCertificateAuthority authority = null!;
    PrivateRabbitMq broker = null!;
    TemporaryDatabase database = null!;
    ServiceProcess coordinator = null!;
    GitRepository repository = null!;
    string caFile = null!;
    string strangerFile = null!;
    string url = null!;

    [OneTimeSetUp]
    public async Task StartCoordinator()
    {
        if (!PrivateRabbitMq.IsAvailable)
            Assert.Ignore("needs rabbitmq-server and root");
        files = new TemporaryDirectory("tls");
        authority = new TestCertificateAuthority();
        caFile = authority.WriteCertificate(files.Combine("ca.pem"));
        using (var stranger = new TestCertificateAuthority("Someone else's CA"))
            strangerFile = stranger.WriteCertificate(files.Combine("stranger-ca.pem"));
        using var server = authority.Issue("localhost", ["localhost", "127.0.0.1"]);
        var (certificateFile, keyFile) = TestCertificateAuthority.WritePem(server, files.Path, "server");
        broker = await PrivateRabbitMq.StartAsync(certificateFile, keyFile, caFile);
        database = await TemporaryDatabase.CreateAsync();
        repository = GitRepository.CreateWithOneCommit(files.Combine("repos", "sample"));
        url = $"https://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";
        coordinator = ServiceProcess.Start("coordinator", RepositoryRoot.Program("Coordinator", "stamina-coordinator"), ["--urls", url],
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = database.ConnectionString,
                ["ConnectionStrings__RabbitMq"] = broker.AmqpsUri(),
                ["Stamina__RabbitMq__CaFile"] = caFile,
                ["Kestrel__Certificates__Default__Path"] = certificateFile,
                ["Kestrel__Certificates__Default__KeyPath"] = keyFile,
                ["Stamina__ApiKey"] = apiKey,
                ["Stamina__AllowedLocalRoots__0"] = files.Combine("repos"),
            });
        using var trusting = TrustingClient();
        await Eventually.UntilAsync(async () =>
        {
            if (coordinator.HasExited)
                throw new InvalidOperationException("the coordinator exited: " + string.Join('\n', coordinator.Output.TakeLast(30)));
            try
            {
                return (await trusting.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the coordinator to be ready over HTTPS");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (coordinator is not null)
        {
            TestContext.Out.WriteLine(string.Join('\n', coordinator.Output.TakeLast(40)));
            await coordinator.DisposeAsync();
        }
        if (broker is not null)
            await broker.DisposeAsync();
        if (database is not null)
            await database.DisposeAsync();
        authority?.Dispose();
        files?.Dispose();
    }

    [Test]
    public async Task When_the_CLI_trusts_the_CA_Should_submit_over_HTTPS_and_the_item_is_stored_through_the_amqps_bus()
    {
        var submit = await CliRun.RunAsync(Cli(trustCa: true), "submit", "--repo", repository.Path, "--quiet", "--", "true");
        Assert.That(submit.ExitCode, Is.Zero, submit.Error);
        var id = submit.Output.Trim();

        var show = await CliRun.RunAsync(Cli(trustCa: true), "show", id, "--json");

        Assert.That(show.ExitCode, Is.Zero, show.Error);
        Assert.That(show.Output, Does.Contain(id));
    }

    [Test]
    public async Task When_the_CLI_does_not_trust_the_certificate_Should_refuse_the_coordinator_and_say_why()
    {
        var run = await CliRun.RunAsync(Cli(trustCa: false), "workers");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Error, Does.Contain("SSL").Or.Contain("certificate"));
    }

    [Test]
    public async Task When_a_client_speaks_plain_HTTP_to_the_HTTPS_port_Should_get_no_API_answer()
    {
        using var plain = new HttpClient { BaseAddress = new Uri(url.Replace("https://", "http://", StringComparison.Ordinal)) };

        HttpStatusCode? status;
        try
        {
            status = (await plain.GetAsync("/api/workers")).StatusCode;
        }
        catch (HttpRequestException)
        {
            status = null;
        }

        Assert.That(status, Is.Null.Or.Not.EqualTo(HttpStatusCode.OK));
    }

    Dictionary<string, string> Cli(bool trustCa)
    {
        var environment = new Dictionary<string, string> { ["STAMINA_URL"] = url, ["STAMINA_API_KEY"] = apiKey, ["NO_COLOR"] = "1" };
        // .NET on Linux reads its trusted roots from SSL_CERT_FILE when set: the CA alone, for this run.
        environment["SSL_CERT_FILE"] = trustCa ? caFile : strangerFile;
        return environment;
    }

    /// <summary>The test's own client: trusts this fixture's CA only, and checks the name as a browser would.</summary>
    HttpClient TrustingClient()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority.Certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }
}
