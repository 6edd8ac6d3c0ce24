using System.Text.RegularExpressions;

namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>
/// A host a sandboxed client may name: a DNS name or a dotted IPv4 address, nothing else. Anything odder (an IPv6
/// literal with a zone id such as <c>::ffff:7f00:1%x.example.com</c>, which .NET would parse as an address while the
/// allow-list saw a name under an allowed domain) is refused before it is matched.
/// </summary>
static partial class PlainHost
{
    public static bool IsPlain(string host) => host.Length <= 253 && Pattern().IsMatch(host);

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
