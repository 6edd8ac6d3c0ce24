using System.Net;
using System.Net.Sockets;
using Stamina.Local.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Local.Tests;

/// <summary>What <c>stamina local</c> says when it cannot start.</summary>
[TestFixture]
public sealed class LocalStartupTests
{
    [Test]
    public async Task When_the_port_is_taken_Should_say_so_and_exit_1()
    {
        using var directory = new TemporaryDirectory("local-port");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        await using var process = LocalProcess.Start(["--workers", "1", "--data-dir", directory.Combine("data"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string>());
        await Eventually.UntilAsync(() => Task.FromResult(process.HasExited), TimeSpan.FromSeconds(60), "stamina local to give up");

        Assert.That(process.ExitCode, Is.EqualTo(1));
        Assert.That(string.Join('\n', process.Output), Does.Contain($"could not listen on port {port}"));
    }
}
