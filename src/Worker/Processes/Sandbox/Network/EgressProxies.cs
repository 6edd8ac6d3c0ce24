using System.Security.Cryptography;
using System.Text;

namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>
/// The worker's proxies, one per distinct allow-list (the command harness's, and one per agent harness), started on
/// first use and kept until the worker stops: their number is bounded by the harnesses, and a socket is shared by
/// every attempt with the same list.
/// </summary>
public sealed class EgressProxies(string directory, ILogger<EgressProxy> logger) : IAsyncDisposable
{
    /// <summary>sun_path holds 108 bytes; a deeper work dir puts the sockets in the temporary directory.</summary>
    const int MaxSocketPath = 100;

    readonly Dictionary<string, EgressProxy> proxies = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    /// <summary>The proxy that allows exactly <paramref name="allowed"/>.</summary>
    public EgressProxy For(HostAllowList allowed)
    {
        lock (gate)
        {
            if (!proxies.TryGetValue(allowed.Key, out var proxy))
            {
                proxy = EgressProxy.Start(SocketPath(allowed), allowed, logger);
                proxies[allowed.Key] = proxy;
            }
            return proxy;
        }
    }

    string SocketPath(HostAllowList allowed)
    {
        Directory.CreateDirectory(directory);
        var name = "proxy-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory + "\n" + allowed.Key)))[..16] + ".sock";
        var path = Path.Combine(directory, name);
        return path.Length <= MaxSocketPath ? path : Path.Combine(Path.GetTempPath(), "stamina-" + name);
    }

    public async ValueTask DisposeAsync()
    {
        List<EgressProxy> all;
        lock (gate)
        {
            all = [.. proxies.Values];
            proxies.Clear();
        }
        foreach (var proxy in all)
            await proxy.DisposeAsync();
    }
}
