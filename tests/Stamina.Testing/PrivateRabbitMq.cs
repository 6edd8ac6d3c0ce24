using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Stamina.Testing;

/// <summary>
/// A RabbitMQ node of one test fixture's own, listening only for TLS on a free loopback port with a server
/// certificate the test made, so that the shared broker on :5672 is never reconfigured or restarted. The node has
/// its own name (<c>stamina-tls-*@localhost</c>), distribution port, data, log and config in a temporary directory,
/// no plugins, and runs as the <c>rabbitmq</c> user (which holds the Erlang cookie <c>rabbitmqctl</c> needs). It
/// verifies a client certificate when one is presented (signed by <see cref="ClientAuthorityFile"/>) but does not
/// demand one. About five seconds to start.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    const string Binaries = "/usr/lib/rabbitmq/bin";
    const string RabbitHome = "/var/lib/rabbitmq";

    readonly TemporaryDirectory directory;

    PrivateRabbitMq(TemporaryDirectory directory, string node, int tlsPort)
    {
        this.directory = directory;
        Node = node;
        TlsPort = tlsPort;
    }

    public string Node { get; }

    public int TlsPort { get; }

    /// <summary>The guest user (allowed beyond loopback on this node) on the default vhost, over TLS, by host name.</summary>
    public string AmqpsUri(string host = "localhost") => $"amqps://guest:guest@{host}:{TlsPort.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>The PEM file of the CAs whose client certificates the node accepts.</summary>
    public string ClientAuthorityFile => directory.Combine("client-ca.pem");

    public static bool IsAvailable => File.Exists(Path.Combine(Binaries, "rabbitmq-server")) && Environment.UserName == "root";

    /// <summary>Starts a node serving <paramref name="serverCertificateFile"/>/<paramref name="serverKeyFile"/> (PEM), trusting <paramref name="clientAuthorityFile"/> for client certificates.</summary>
    public static async Task<PrivateRabbitMq> StartAsync(string serverCertificateFile, string serverKeyFile, string clientAuthorityFile)
    {
        var directory = new TemporaryDirectory("rabbitmq");
        var node = new PrivateRabbitMq(directory, $"stamina-tls-{Guid.NewGuid():N}"[..20] + "@localhost", FreePorts.Next());
        try
        {
            File.Copy(serverCertificateFile, directory.Combine("server.pem"));
            File.Copy(serverKeyFile, directory.Combine("server.key"));
            File.Copy(clientAuthorityFile, node.ClientAuthorityFile);
            await File.WriteAllLinesAsync(directory.Combine("rabbitmq.conf"),
            [
                "listeners.tcp = none",
                $"listeners.ssl.default = 127.0.0.1:{node.TlsPort.ToString(CultureInfo.InvariantCulture)}",
                $"ssl_options.cacertfile = {node.ClientAuthorityFile}",
                $"ssl_options.certfile = {directory.Combine("server.pem")}",
                $"ssl_options.keyfile = {directory.Combine("server.key")}",
                "ssl_options.verify = verify_peer",
                "ssl_options.fail_if_no_peer_cert = false",
                "loopback_users = none",
            ]);
            await File.WriteAllTextAsync(directory.Combine("enabled_plugins"), "[].");
            await File.WriteAllTextAsync(directory.Combine("rabbitmq-env.conf"), "");
            await RunAsync("chown", ["-R", "rabbitmq", directory.Path], new Dictionary<string, string>());
            // To a file, not a pipe: the detached node would hold a pipe open for its whole life.
            await RunAsync("/bin/sh", ["-c", $"exec runuser -u rabbitmq -- {Binaries}/rabbitmq-server -detached >'{directory.Combine("startup.log")}' 2>&1"], new Dictionary<string, string>
            {
                ["RABBITMQ_NODENAME"] = node.Node,
                ["RABBITMQ_CONF_ENV_FILE"] = directory.Combine("rabbitmq-env.conf"),
                ["RABBITMQ_CONFIG_FILE"] = directory.Combine("rabbitmq.conf"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = directory.Combine("enabled_plugins"),
                ["RABBITMQ_MNESIA_BASE"] = directory.Combine("mnesia"),
                ["RABBITMQ_LOG_BASE"] = directory.Combine("log"),
                ["RABBITMQ_PID_FILE"] = directory.Combine("node.pid"),
                ["RABBITMQ_DIST_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            });
            await node.AwaitStartupAsync(TimeSpan.FromSeconds(60));
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    // await_startup fails at once until the node has registered with epmd: ask again until a deadline.
    async Task AwaitStartupAsync(TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await ControlAsync("await_startup", "-t", "30");
                return;
            }
            catch (InvalidOperationException) when (deadline.Elapsed < patience)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        }
    }

    Task ControlAsync(params string[] arguments) =>
        RunAsync("runuser", ["-u", "rabbitmq", "--", Path.Combine(Binaries, "rabbitmqctl"), "-n", Node, .. arguments], new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ControlAsync("stop");
        }
        catch (InvalidOperationException)
        {
            // Never started, or already stopped.
        }
        directory.Dispose();
    }

    // The Erlang cookie and the CLI's state live in the rabbitmq user's home, whoever runs the tool.
    static Task RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        ToolProcess.RunAsync(program, arguments, new Dictionary<string, string>(environment) { ["HOME"] = environment.GetValueOrDefault("HOME", RabbitHome) });
}
