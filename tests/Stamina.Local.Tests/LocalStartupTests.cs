using System.Net;
using System.Net.Sockets;
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

        await using var process = LocalProgram.Start("stamina local", ["--workers", "1", "--data-dir", directory.Combine("data"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string>());
        await Eventually.UntilAsync(() => Task.FromResult(process.HasExited), TimeSpan.FromSeconds(60), "stamina local to give up");

        Assert.That(process.ExitCode, Is.EqualTo(1));
        Assert.That(string.Join('\n', process.Output), Does.Contain($"could not listen on port {port}"));
    }

    [Test]
    public async Task When_another_instance_runs_on_the_data_directory_Should_refuse_in_one_line_and_exit_2()
    {
        using var directory = new TemporaryDirectory("local-lock");
        var dataDir = directory.Combine("data");
        await using var first = LocalProgram.Start("stamina local", ["--workers", "1", "--data-dir", dataDir, "--port", FreePort()], new Dictionary<string, string>());
        await Eventually.UntilAsync(() => Task.FromResult(first.Output.Any(line => line.Contains("Stamina local is running", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(60), "the first stamina local to run");

        await using var second = LocalProgram.Start("stamina local", ["--workers", "1", "--data-dir", dataDir, "--port", FreePort()], new Dictionary<string, string>());
        await Eventually.UntilAsync(() => Task.FromResult(second.HasExited), TimeSpan.FromSeconds(60), "the second stamina local to give up");

        Assert.That(second.ExitCode, Is.EqualTo(2));
        Assert.That(string.Join('\n', second.Output), Does.Contain($"Another stamina local (pid ").And.Contain($"is running on the data directory {dataDir}"));
        Assert.That(first.HasExited, Is.False, "the first keeps running");
    }

    static string FreePort() => FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
