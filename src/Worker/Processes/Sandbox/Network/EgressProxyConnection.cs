using System.Net.Sockets;
using System.Text;

namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>One client connection of an <see cref="EgressProxy"/>: reads the request head, checks the host, then relays bytes both ways.</summary>
sealed class EgressProxyConnection(Socket client, EgressProxy proxy, CancellationToken stopping)
{
    const int MaxHeadBytes = 16 * 1024;
    static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    readonly NetworkStream stream = new(client, ownsSocket: false);

    public async Task ServeAsync()
    {
        using var headDeadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        headDeadline.CancelAfter(HeadTimeout);
        var (head, body) = await ReadHeadAsync(headDeadline.Token);
        if (head is null || ProxyRequest.Parse(head) is not { } request)
        {
            await AnswerAsync(400, "a proxy request (CONNECT host:port, or an absolute http:// URL) was expected");
            return;
        }
        if (!proxy.Allowed.Allows(request.Host, request.Port))
        {
            proxy.Refused(request.Host, request.Port);
            await AnswerAsync(403, $"{request.Host}:{request.Port} is not on the sandbox's network allow-list (Stamina:Worker:SandboxNetwork)");
            return;
        }

        using var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using (var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            connectDeadline.CancelAfter(ConnectTimeout);
            try
            {
                var addresses = await proxy.ResolveAsync(request.Host.TrimEnd('.'), connectDeadline.Token);
                await server.ConnectAsync(addresses, request.Port, connectDeadline.Token);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException && !stopping.IsCancellationRequested)
            {
                await AnswerAsync(502, $"{request.Host}:{request.Port} cannot be reached");
                return;
            }
        }
        await using var upstream = new NetworkStream(server, ownsSocket: false);
        if (request.IsTunnel)
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), stopping);
        else
            await upstream.WriteAsync(request.Forwarded, stopping);
        await upstream.WriteAsync(body, stopping);
        void Abort() { client.Close(); server.Close(); }
        await Task.WhenAll(RelayAsync(stream, upstream, server, Abort), RelayAsync(upstream, stream, client, Abort));
    }

    /// <summary>Copies until the source ends, then ends the other side's sending half, so each direction closes on its own.</summary>
    async Task RelayAsync(Stream from, Stream to, Socket toSocket, Action abort)
    {
        try
        {
            await from.CopyToAsync(to, stopping);
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            abort(); // one side broke: end both, or the other direction would wait forever
        }
    }

    async Task<(string? Head, byte[] Body)> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
                return (null, []);
            length += read;
            var end = buffer.AsSpan(0, length).IndexOf(EndOfHead);
            if (end >= 0)
                return (Encoding.Latin1.GetString(buffer, 0, end), buffer[(end + EndOfHead.Length)..length]);
        }
        return (null, []);
    }

    public async Task AnswerAsync(int status, string reason)
    {
        var phrase = status switch { 400 => "Bad Request", 403 => "Forbidden", 502 => "Bad Gateway", _ => "Service Unavailable" };
        var body = "stamina sandbox: " + reason + "\n";
        var answer = $"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), stopping);
    }
}
