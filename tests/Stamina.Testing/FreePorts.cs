using System.Net;
using System.Net.Sockets;

namespace Stamina.Testing;

/// <summary>A loopback port nobody listens on right now (the kernel's choice), for a server a test starts.</summary>
public static class FreePorts
{
    // Fixtures run side by side: a port handed out but not yet listened on looks free to the kernel, so never hand it
    // out twice in one test run.
    static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                    return port;
            }
        }
    }
}
