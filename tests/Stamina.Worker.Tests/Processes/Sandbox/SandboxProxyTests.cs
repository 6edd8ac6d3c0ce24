using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Stamina.Testing;
using Stamina.Worker.Processes;
using Stamina.Worker.Processes.Sandbox;
using Stamina.Worker.Processes.Sandbox.Network;

namespace Stamina.Worker.Tests.Processes.Sandbox;

/// <summary>
/// A sandboxed command with an allow-list, run as the worker runs it, with curl: through the proxy it reaches the
/// allowed server (tunnelled or forwarded) and gets 403 from any other; straight out it reaches nothing. Two servers on
/// this machine's loopback stand for two hosts (127.0.0.2 and 127.0.0.3).
/// </summary>
[TestFixture]
public sealed class SandboxProxyTests
{
    SandboxWorld world = null!;
    TestServer allowed = null!;
    TestServer refused = null!;
    EgressProxy proxy = null!;

    [SetUp]
    public async Task Start()
    {
        Assume.That(SandboxProbe.Problem(BubblewrapCommand.DefaultProgram), Is.Null, "bubblewrap works on this machine");
        Assume.That(File.Exists(ProxyBridge.Socat) && File.Exists("/usr/bin/curl"), "socat and curl are installed");
        world = await SandboxWorld.CreateAsync();
        allowed = new TestServer(IPAddress.Parse("127.0.0.2"), "allowed server");
        refused = new TestServer(IPAddress.Parse("127.0.0.3"), "other server");
        proxy = EgressProxy.Start(Path.Combine(world.WorkDir, "proxy.sock"), HostAllowList.Parse([$"127.0.0.2:{allowed.Port}", "*.example.invalid"]),
            NullLogger.Instance);
    }

    [TearDown]
    public async Task Stop()
    {
        if (proxy is not null)
            await proxy.DisposeAsync();
        allowed?.Dispose();
        refused?.Dispose();
        world?.Dispose();
    }

    CommandSandbox Sandbox => world.Sandbox() with { ProxySocket = proxy.SocketPath };

    [Test]
    public async Task Through_the_proxy_Should_reach_only_the_allowed_host()
    {
        var script = $$"""
            echo "tunnel: $(curl -sS -p http://127.0.0.2:{{allowed.Port}}/ 2>&1)"
            echo "forward: $(curl -sS http://127.0.0.2:{{allowed.Port}}/ 2>&1)"
            echo "refused tunnel: $(curl -sS -p http://127.0.0.3:{{refused.Port}}/ 2>&1)"
            echo "refused forward: $(curl -sS -o /dev/null -w '%{http_code}' http://127.0.0.3:{{refused.Port}}/ 2>&1)"
            echo "refused port: $(curl -sS -o /dev/null -w '%{http_code}' http://127.0.0.2:{{refused.Port}}/ 2>&1)"
            echo "direct: $(curl -sS --noproxy '*' --max-time 5 http://127.0.0.2:{{allowed.Port}}/ 2>&1 || echo failed)"
            """;

        var result = await RunAsync(Sandbox, script);

        var output = result.StandardOutputTail;
        Assert.That(output, Does.Contain("tunnel: allowed server\n").And.Contain("forward: allowed server\n"), result.StandardErrorTail);
        Assert.That(output, Does.Contain("refused tunnel: curl: (56) CONNECT tunnel failed, response 403"));
        Assert.That(output, Does.Contain("refused forward: 403\n").And.Contain("refused port: 403\n"));
        Assert.That(output, Does.Match("direct: curl: \\(7\\)[^\n]*\nfailed"), "no way out without the proxy");
        Assert.That(output, Does.Not.Contain("other server"));
        Assert.That(refused.Connections, Is.Zero);
        Assert.That(proxy.Refusals, Is.EquivalentTo(new Dictionary<string, long>
        {
            [$"127.0.0.3:{refused.Port}"] = 2,
            [$"127.0.0.2:{refused.Port}"] = 1,
        }));
    }

    [TestCase("CONNECT ::ffff:7f00:2%x.example.invalid:{0} HTTP/1.1")]
    [TestCase("CONNECT [::ffff:7f00:2]:{0} HTTP/1.1")]
    [TestCase("GET http://[::ffff:7f00:2%25x.example.invalid]:{0}/ HTTP/1.1")]
    [TestCase("CONNECT a..example.invalid:{0} HTTP/1.1")]
    public async Task A_host_that_is_not_a_plain_name_Should_be_refused_before_it_is_matched(string requestLine)
    {
        // An IPv6 literal with a zone id ends in an allowed domain, yet .NET parses it as an address (here 127.0.0.2).
        using var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await client.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(proxy.SocketPath));
        await client.SendAsync(System.Text.Encoding.ASCII.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, requestLine, allowed.Port) + "\r\nHost: x\r\n\r\n"));
        var answer = new byte[256];
        var read = await client.ReceiveAsync(answer, System.Net.Sockets.SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(System.Text.Encoding.ASCII.GetString(answer, 0, read), Does.StartWith("HTTP/1.1 400"));
    }

    [Test]
    public async Task A_name_Should_be_resolved_by_the_proxy_and_matched_as_named()
    {
        await using var named = EgressProxy.Start(Path.Combine(world.WorkDir, "named.sock"), HostAllowList.Parse([$"localhost:{allowed.Port}"]),
            NullLogger.Instance, (_, _) => Task.FromResult(new[] { IPAddress.Parse("127.0.0.2") }));
        var script = $$"""
            echo "by name: $(curl -sS -p http://localhost:{{allowed.Port}}/ 2>&1)"
            echo "by address: $(curl -sS -o /dev/null -w '%{http_code}' http://127.0.0.2:{{allowed.Port}}/ 2>&1)"
            echo "no DNS inside: $(getent hosts example.com || echo none)"
            """;

        // NO_PROXY names localhost for the sandbox's own loopback: this command asks the proxy for it on purpose.
        var result = await RunAsync(world.Sandbox() with { ProxySocket = named.SocketPath }, "export NO_PROXY= no_proxy=\n" + script);

        Assert.That(result.StandardOutputTail, Does.Contain("by name: allowed server\n").And.Contain("by address: 403\n"), result.StandardErrorTail);
        Assert.That(result.StandardOutputTail, Does.Contain("no DNS inside: none"));
    }

    [Test]
    public async Task When_held_Should_stop_the_bridge_too_and_when_done_Should_leave_no_bridge_behind()
    {
        var done = Path.Combine(world.Worktree, "done");
        await using var child = ChildProcess.Start(new ChildProcessOptions
        {
            Command = ["sh", "-c", $"sleep 2; curl -sS -p http://127.0.0.2:{allowed.Port}/ > done"],
            WorkingDirectory = world.Worktree,
            Sandbox = Sandbox,
        });
        await Eventually.UntilAsync(() => Task.FromResult(ProcessTable.MembersOf(child.Id).Count >= 4), TimeSpan.FromSeconds(10),
            "the sandbox and its bridge to start");
        var members = ProcessTable.MembersOf(child.Id);

        child.Hold(stop: true);
        await Eventually.UntilAsync(() => Task.FromResult(ProcessTable.MembersOf(child.Id).All(pid => State(pid) == 'T')), TimeSpan.FromSeconds(10),
            "every process of the group, the bridge included, to stop");
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than the command's own sleep: held, it must not have finished
        Assert.That(File.Exists(done), Is.False);
        child.Hold(stop: false);

        var result = await child.WaitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That((result.ExitCode, File.ReadAllText(done)), Is.EqualTo((0, "allowed server")));
        await Eventually.UntilAsync(() => Task.FromResult(members.All(pid => !ProcessTable.IsAlive(pid))), TimeSpan.FromSeconds(10),
            "the bridge to end with the command");
    }

    Task<ChildProcessResult> RunAsync(CommandSandbox sandbox, string script) =>
        ChildProcessRunner.RunAsync(new ChildProcessOptions { Command = ["sh", "-c", script], WorkingDirectory = world.Worktree, Sandbox = sandbox },
            TimeSpan.FromSeconds(60), CancellationToken.None);

    static char State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }
}
