using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stamina.Worker.Tests.Processes.Sandbox;

/// <summary>A tiny HTTP server on one loopback address: every connection gets <c>200</c> with its name as the body, and is counted.</summary>
sealed class TestServer : IDisposable
{
    readonly TcpListener listener;
    readonly byte[] answer;
    int connections;

    public TestServer(IPAddress address, string name)
    {
        answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {name.Length}\r\nConnection: close\r\n\r\n{name}");
        listener = new TcpListener(address, 0);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref connections);

    async Task ServeAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref connections);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    var head = "";
                    while (!head.Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await stream.ReadAsync(buffer);
                        if (read == 0)
                            return;
                        head += Encoding.ASCII.GetString(buffer, 0, read);
                    }
                    await stream.WriteAsync(answer);
                }
            });
        }
    }

    public void Dispose() => listener.Stop();
}
