using System.Globalization;
using System.Text;

namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>
/// The head of one request to the proxy: <c>CONNECT host:port</c> (a tunnel, for HTTPS and anything else), or a
/// plain-HTTP request in absolute form (<c>GET http://host/path</c>), rewritten for the origin server.
/// </summary>
sealed record ProxyRequest(bool IsTunnel, string Host, int Port, byte[] Forwarded)
{
    /// <summary>Null when the head is not a request this proxy serves (the caller answers 400).</summary>
    public static ProxyRequest? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            return null;
        if (parts[0] == "CONNECT")
        {
            return Authority(parts[1], defaultPort: null) is var (host, port) && PlainHost.IsPlain(host)
                ? new ProxyRequest(true, host, port, [])
                : null;
        }
        if (!Uri.TryCreate(parts[1], UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.UserInfo.Length > 0
            || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4) || !PlainHost.IsPlain(uri.IdnHost))
        {
            return null;
        }
        var forwarded = new StringBuilder($"{parts[0]} {uri.PathAndQuery} {parts[2]}\r\n");
        foreach (var line in lines.Skip(1).Where(line => line.Length > 0 && !line.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)))
            forwarded.Append(line).Append("\r\n");
        forwarded.Append("\r\n");
        return new ProxyRequest(false, uri.IdnHost, uri.Port, Encoding.Latin1.GetBytes(forwarded.ToString()));
    }

    static (string Host, int Port)? Authority(string authority, int? defaultPort)
    {
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || authority.StartsWith('['))
            return defaultPort is { } port && colon < 0 && authority.Length > 0 ? (authority, port) : null;
        return int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536
            ? (authority[..colon], number)
            : null;
    }
}
