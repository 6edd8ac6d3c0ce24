using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Through the whole fleet, with the sandbox required and an allow-list of one host: an item's command reaches that
/// host through the worker's proxy, gets 403 from another, and reaches nothing without the proxy.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class SandboxNetworkTests(FleetMode mode) : FleetTestBase(mode), IDisposable
{
    const string Script = """
        echo "allowed: $(curl -sS -p "http://127.0.0.2:$1/" 2>&1)"
        echo "other: $(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.3:$2/" 2>&1)"
        echo "direct: $(curl -sS --noproxy '*' --max-time 5 "http://127.0.0.3:$2/" >/dev/null 2>&1 && echo reached || echo nothing)"
        echo end
        """;

    readonly TcpListener allowed = Listen("127.0.0.2");
    readonly TcpListener other = Listen("127.0.0.3");

    private protected override FleetOptions Options => new() { Workers = 1, Sandbox = "required", SandboxNetwork = [$"127.0.0.2:{Port(allowed)}"] };

    [Test]
    public async Task A_command_Should_reach_only_the_allowed_host()
    {
        _ = Task.Run(() => AnswerAsync(allowed, "hello from the allowed host"));
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            prompt = "reach out",
            command = new[] { "bash", "-c", Script, "net", Port(allowed).ToString(CultureInfo.InvariantCulture), Port(other).ToString(CultureInfo.InvariantCulture) },
        })).Id();

        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        await Eventually.UntilAsync(async () => (await fleet.TranscriptAsync(id, 1)).Complete, TimeSpan.FromSeconds(30), "the transcript to be complete");
        var output = Encoding.UTF8.GetString((await fleet.TranscriptAsync(id, 1)).Body);
        Assert.That(output, Does.Contain("allowed: hello from the allowed host").And.Contain("other: 403").And.Contain("direct: nothing").And.Contain("end"));
        Assert.That(other.Pending(), Is.False, "nothing reached the other host");
    }

    static TcpListener Listen(string address)
    {
        var listener = new TcpListener(IPAddress.Parse(address), 0);
        listener.Start();
        return listener;
    }

    static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    static async Task AnswerAsync(TcpListener listener, string body)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var head = "";
                while (!head.Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                        break;
                    head += Encoding.ASCII.GetString(buffer, 0, read);
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException or IOException)
        {
            // the test is over
        }
    }

    public void Dispose()
    {
        allowed.Dispose();
        other.Dispose();
    }
}
