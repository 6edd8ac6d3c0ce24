using System.Globalization;

namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>
/// Inside a sandbox with an allow-list: socat listens on the sandbox's own loopback and carries each connection to the
/// worker's proxy socket (bound in at <see cref="SocketInside"/>), and the command's proxy variables point there.
/// socat is started by a small script that then execs the command, so it lives in the sandbox's PID namespace and
/// process group: held, continued and killed with the command, and gone when the command ends.
/// </summary>
static class ProxyBridge
{
    public const string Socat = "/usr/bin/socat";
    public const string SocketInside = "/run/stamina-proxy.sock";
    public const int Port = 3128;

    /// <summary>
    /// Starts the bridge, waits (up to 5 s) until it listens (<c>/proc/net/tcp</c> shows 127.0.0.1:3128 listening), then
    /// execs the command: <c>sh -c Script stamina-bridge executable args…</c>.
    /// </summary>
    public static readonly string Script =
        $"{Socat} -lf /dev/null TCP-LISTEN:{Port},fork,reuseaddr,bind=127.0.0.1 UNIX-CONNECT:{SocketInside} </dev/null >/dev/null 2>&1 &\n" +
        "i=0\n" +
        $"while ! grep -q ' 0100007F:{Port:X4} 00000000:0000 0A ' /proc/net/tcp 2>/dev/null && [ $i -lt 500 ]; do i=$((i+1)); sleep 0.01; done\n" +
        "exec \"$@\"\n";

    public static readonly string Address = $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>What curl, git, Node, Python and Go read (each reads some spelling of these).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Variables()
    {
        foreach (var name in new[] { "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy" })
            yield return new(name, Address);
        yield return new("NO_PROXY", "localhost,127.0.0.1,::1");
        yield return new("no_proxy", "localhost,127.0.0.1,::1");
    }
}
