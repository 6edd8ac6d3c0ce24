using System.Net;
using System.Net.Sockets;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.ServiceDefaults.Hosting;

/// <summary>
/// Checks before the host starts that the addresses it is told to listen on are free. Kestrel would fail
/// later, inside the host's start, which logs a stack trace; a taken port is a setting to change, so it
/// gets one line naming it and exit code 2.
/// </summary>
public static class ListenAddresses
{
    /// <param name="urls">The value of <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>): addresses separated by ';'.</param>
    /// <param name="setting">How the user set them, for the message.</param>
    public static void EnsureFree(string? urls, string setting)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(url, out var address, out var port))
                throw new ServiceConfigurationException($"{setting}: '{url}' is not an address such as http://127.0.0.1:9090.");
            if (port == 0 || address is null)
                continue;
            try
            {
                using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                // As Kestrel does: a port whose old connections linger in TIME_WAIT is free; one with a listener is not.
                probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                probe.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                throw new StartRefusedException(
                    $"{setting}: cannot listen on {url}: port {port} is {(exception.SocketErrorCode == SocketError.AccessDenied ? "not allowed" : "in use")}; choose another port.");
            }
        }
    }

    /// <summary>An address Kestrel accepts; <paramref name="address"/> is null for a host name (nothing to probe).</summary>
    static bool TryParse(string url, out IPAddress? address, out int port)
    {
        address = null;
        port = 0;
        // Kestrel's wildcards are not valid URI hosts.
        var normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return false;
        port = uri.Port;
        address = uri.Host switch
        {
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) => ip,
            _ => null,
        };
        return true;
    }
}
