using System.Net;

namespace Stamina.Cli.Api;

/// <summary>
/// The API key never crosses a network in clear text: over plain <c>http://</c> it is sent only to this machine
/// (a loopback address or <c>localhost</c>) unless the user says <c>--insecure</c>.
/// </summary>
static class PlainHttpKeyGuard
{
    public const string InsecureOption = "--insecure";

    /// <summary>Why the key must not go to <paramref name="url"/>; null when it may (https, loopback, no key, or --insecure).</summary>
    public static string? Refusal(Uri url, string? apiKey, bool insecure)
    {
        if (insecure || string.IsNullOrEmpty(apiKey) || url.Scheme != Uri.UriSchemeHttp || IsLoopback(url))
            return null;
        return $"refusing to send the API key over plain HTTP to {url.Host} (anyone on the way could read it): "
            + $"use an https:// address, or {InsecureOption} if this network is trusted";
    }

    // Uri.IsLoopback answers by name for "localhost" and by address for 127.0.0.0/8 and ::1; it does not resolve names.
    static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.IdnHost, out var address) && IPAddress.IsLoopback(address));
}
