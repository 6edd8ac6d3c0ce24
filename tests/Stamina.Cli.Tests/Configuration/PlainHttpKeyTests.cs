using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Configuration;

/// <summary>The API key crosses a network only encrypted, unless the user says <c>--insecure</c>.</summary>
public class PlainHttpKeyTests
{
    /// <summary>One of this machine's own addresses that is not loopback: a real listener the key must not reach.</summary>
    static IPAddress NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new IgnoreException("this machine has no non-loopback IPv4 address");

    [Test]
    public async Task When_the_url_is_plain_http_to_another_host_Should_exit_2_and_send_nothing()
    {
        await using var listener = LoopbackCoordinator.StartOn(NonLoopbackAddress()).On("GET", "/api/workers", 200, SampleJson.Workers);

        var result = await CliRunner.RunAsync("--url", listener.Url.AbsoluteUri, "--api-key", CliRunner.TestKey, "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"refusing to send the API key over plain HTTP to {listener.Url.Host}"));
        Assert.That(result.Stderr, Does.Contain("--insecure"));
        Assert.That(listener.Requests, Is.Empty);
    }

    [Test]
    public async Task When_insecure_is_given_Should_send_the_key_over_plain_http()
    {
        await using var listener = LoopbackCoordinator.StartOn(NonLoopbackAddress()).On("GET", "/api/workers", 200, SampleJson.Workers);

        var result = await CliRunner.RunAsync("--insecure", "--url", listener.Url.AbsoluteUri, "--api-key", CliRunner.TestKey, "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(listener.SingleRequest.Authorization, Is.EqualTo($"Bearer {CliRunner.TestKey}"));
    }

    [Test]
    public async Task When_the_url_is_loopback_Should_send_the_key_over_plain_http()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);
        var byName = new UriBuilder(coordinator.Url) { Host = "localhost" }.Uri;

        var byAddress = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers"));
        var byLocalhost = await CliRunner.RunAsync("--url", byName.AbsoluteUri, "--api-key", CliRunner.TestKey, "workers");

        Assert.That(byAddress.ExitCode, Is.EqualTo(ExitCodes.Ok), byAddress.ToString());
        Assert.That(byLocalhost.ExitCode, Is.Not.EqualTo(ExitCodes.Usage), byLocalhost.ToString());
        Assert.That(coordinator.Requests[0].Authorization, Is.EqualTo($"Bearer {CliRunner.TestKey}"));
    }

    [Test]
    public async Task When_the_url_is_https_Should_not_refuse()
    {
        // Nothing serves TLS at this address: getting as far as "unreachable" proves the key was not refused.
        var result = await CliRunner.RunAsync("--url", $"https://{NonLoopbackAddress()}:{LoopbackCoordinator.FreePort()}/", "--api-key",
            CliRunner.TestKey, "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unreachable), result.ToString());
        Assert.That(result.Stderr, Does.Not.Contain("refusing"));
    }

    [Test]
    public async Task When_no_key_is_configured_Should_not_refuse_plain_http()
    {
        await using var listener = LoopbackCoordinator.StartOn(NonLoopbackAddress()).On("GET", "/api/workers", 200, SampleJson.Workers);

        var result = await CliRunner.RunAsync("--url", listener.Url.AbsoluteUri, "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(listener.SingleRequest.Authorization, Is.Null.Or.Empty);
    }

    [Test]
    public async Task When_config_check_meets_plain_http_to_another_host_Should_fail_the_key_check_without_sending_it()
    {
        using var fixture = new ConfigCheckFixture();
        await using var listener = LoopbackCoordinator.StartOn(NonLoopbackAddress())
            .On("GET", "/health/ready", 200, "{}").On("GET", "/api/workers", 200, SampleJson.Workers);

        var result = await fixture.RunAsync(new Dictionary<string, string>(), "--url", listener.Url.AbsoluteUri, "--api-key", CliRunner.TestKey);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.ChecksFailed), result.ToString());
        Assert.That(result.Stdout, Does.Contain("refusing to send the API key over plain HTTP"));
        Assert.That(listener.Requests.Select(r => r.Authorization), Is.All.Null.Or.Empty);
    }
}
