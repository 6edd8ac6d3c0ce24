using System.Net;
using System.Net.Sockets;

namespace Stamina.Testing;

/// <summary>A loopback port nobody listens on right now (the kernel's choice), for a server a test starts.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
