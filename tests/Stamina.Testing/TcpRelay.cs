using System.Net;
using System.Net.Sockets;

namespace Stamina.Testing;

/// <summary>
/// Forwards every connection made to <see cref="Listening"/> to a target address: lets a process in a network
/// namespace reach a service of this machine that listens on loopback only (RabbitMQ here).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    readonly TcpListener listener;
    readonly IPEndPoint target;
    readonly CancellationTokenSource stop = new();
    readonly Task accepting;

    public TcpRelay(IPEndPoint listen, IPEndPoint target)
    {
        this.target = target;
        listener = new TcpListener(listen);
        listener.Start();
        Listening = (IPEndPoint)listener.LocalEndpoint;
        accepting = AcceptAsync();
    }

    public IPEndPoint Listening { get; }

    async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(target, stop.Token);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                var up = client.GetStream().CopyToAsync(server.GetStream(), either.Token);
                var down = server.GetStream().CopyToAsync(client.GetStream(), either.Token);
                await Task.WhenAny(up, down);
                await either.CancelAsync();
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side went away: the other is closed with it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
