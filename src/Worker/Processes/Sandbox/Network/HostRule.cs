namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>
/// One entry of a network allow-list: an exact host name or address (<c>api.example.com</c>, <c>10.0.0.5</c>), or
/// every subdomain of one (<c>*.example.com</c>, which does not match <c>example.com</c> itself); with a port, only
/// that port, otherwise 443 and 80.
/// </summary>
public sealed record HostRule(string Host, bool Subdomains, int? Port)
{
    static readonly int[] DefaultPorts = [443, 80];

    public bool Allows(string host, int port)
    {
        var named = Subdomains ? host.EndsWith("." + Host, StringComparison.Ordinal) : host == Host;
        return named && (Port is { } only ? port == only : DefaultPorts.Contains(port));
    }

    public override string ToString() => (Subdomains ? "*." : "") + Host + (Port is { } port ? ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
}
