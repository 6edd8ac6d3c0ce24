using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>
/// An HTTP proxy on a Unix socket of the worker's, bound into sandboxes (their only way out): it opens tunnels
/// (<c>CONNECT</c>) and forwards plain-HTTP requests to the hosts of its <see cref="HostAllowList"/> and answers 403 to
/// anything else. It resolves names itself (a sandbox has no DNS). Every connection runs on its own task with
/// deadlines, so a slow or hostile client holds only its own connection, never the worker.
/// </summary>
public sealed partial class EgressProxy : IAsyncDisposable
{
    /// <summary>Concurrent connections per proxy; more are refused with 503.</summary>
    const int MaxConnections = 256;

    readonly Socket listener;
    readonly ILogger logger;
    readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve;
    readonly CancellationTokenSource stopping = new();
    readonly ConcurrentDictionary<string, long> refusals = new(StringComparer.Ordinal);
    readonly Task accepting;
    int connections;

    EgressProxy(string socketPath, HostAllowList allowed, ILogger logger, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        SocketPath = socketPath;
        Allowed = allowed;
        this.logger = logger;
        this.resolve = resolve;
        File.Delete(socketPath); // a socket left by a worker that died
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite); // the worker's user only
        listener.Listen(128);
        accepting = Task.Run(AcceptAsync);
    }

    public string SocketPath { get; }

    public HostAllowList Allowed { get; }

    /// <summary>Requests refused so far, by <c>host:port</c>.</summary>
    public IReadOnlyDictionary<string, long> Refusals => refusals;

    /// <param name="resolve">Names to addresses; null uses the machine's resolver.</param>
    public static EgressProxy Start(string socketPath, HostAllowList allowed, ILogger logger, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null) =>
        new(socketPath, allowed, logger, resolve ?? Dns.GetHostAddressesAsync);

    async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested)
                    return;
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    async Task ServeAsync(Socket client)
    {
        var connection = new EgressProxyConnection(client, this, stopping.Token);
        try
        {
            if (Interlocked.Increment(ref connections) > MaxConnections)
                await connection.AnswerAsync(503, "too many connections");
            else
                await connection.ServeAsync();
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the server went away: nothing to tell anyone.
        }
        finally
        {
            Interlocked.Decrement(ref connections);
            client.Dispose();
        }
    }

    internal Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? Task.FromResult(new[] { address })
            : resolve(host, cancellationToken);

    /// <summary>Counts a refusal; logs the first of each host and every hundredth after (the host and port only: a path may hold a secret).</summary>
    internal void Refused(string host, int port)
    {
        var key = host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var count = refusals.AddOrUpdate(key, 1, (_, previous) => previous + 1);
        if (count == 1 || count % 100 == 0)
            LogRefused(logger, key, count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sandbox's proxy refused {Destination}: not on the allow-list ({Count} refusals of it so far)")]
    static partial void LogRefused(ILogger logger, string destination, long count);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        await accepting;
        stopping.Dispose();
        File.Delete(SocketPath);
    }
}
