using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Stamina.ServiceDefaults.Validation;

/// <summary>
/// A repository address that is safe to hand to git as an argument. Git reads much more than URLs: the
/// <c>transport::address</c> syntax runs remote helpers (<c>ext::sh -c …</c> runs any command), a value
/// starting with '-' reads as an option, and a host starting with '-' once became an ssh option. Only the
/// forms below pass; a local path must lie inside one of the configured roots, checked after resolving
/// '..' and every symbolic link.
/// </summary>
/// <remarks>
/// Refused on purpose: plain <c>http://</c> (code and credentials in clear, and a man in the middle could
/// serve code the agent then runs), <c>git://</c> (unauthenticated and unencrypted, and the worker must push),
/// credentials in the address (they would end up in the database, logs and git config: see
/// <see cref="RepositoryCredentials"/>), query strings and fragments.
/// </remarks>
public sealed partial record RepositoryAddress
{
    public const int MaxLength = 2048;

    internal RepositoryAddress(RepositoryAddressKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    public RepositoryAddressKind Kind { get; }

    /// <summary>What to pass to git: the text as given, or for a local path its fully resolved form.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    public static bool TryParse(
        string? text,
        IReadOnlyList<string> allowedLocalRoots,
        [NotNullWhen(true)] out RepositoryAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(allowedLocalRoots);
        address = null;
        error = Parse(text, allowedLocalRoots, ref address);
        if (error is null && address is not null)
            return true;
        error = $"repo: {error}";
        address = null;
        return false;
    }

    static string? Parse(string? text, IReadOnlyList<string> roots, ref RepositoryAddress? address)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "is required";
        if (text.Length > MaxLength)
            return $"is longer than {MaxLength} characters";
        if (text.Any(char.IsControl))
            return "must not contain control characters";
        if (text.Trim().Length != text.Length)
            return "must not start or end with spaces";
        if (text.StartsWith('-'))
            return "must not start with '-'";
        if (RepositoryCredentials.Find(text) is { } credentials)
            return credentials;
        if (TransportSyntax().Match(text) is { Success: true } transport)
            return $"the '{transport.Groups["name"].Value}::' transport is not allowed";
        if (BracketedHost().Replace(text, "").Contains("::", StringComparison.Ordinal))
            return "the '::' transport syntax is not allowed";

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
            return ParseUrl(text, text[..separator].ToLowerInvariant(), roots, ref address);
        if (text.StartsWith('/'))
            return LocalRepositoryPath.Parse(text, text, roots, ref address);
        if (ScpLike().Match(text) is { Success: true } scp)
            return ParseScpLike(text, scp, ref address);
        if (text.StartsWith('~') || text.StartsWith('.') || !text.Contains(':', StringComparison.Ordinal))
            return "a local path must be absolute";
        return "is not a repository address; use https://, ssh://, user@host:path or an absolute local path";
    }

    static string? ParseUrl(string text, string scheme, IReadOnlyList<string> roots, ref RepositoryAddress? address)
    {
        switch (scheme)
        {
            case "https":
            case "ssh":
                break;
            case "file":
                return LocalRepositoryPath.ParseFileUrl(text, roots, ref address);
            case "http":
                return "plain 'http://' is not allowed; use https://";
            case "git":
                return "the 'git://' protocol is not allowed (unauthenticated and unencrypted); use https:// or ssh://";
            default:
                return $"the '{scheme}://' scheme is not allowed; use https://, ssh://, user@host:path or an absolute local path";
        }
        if (text.Any(char.IsWhiteSpace))
            return "must not contain spaces";
        // Checked on the raw text: git once passed such a host to ssh as an option (CVE-2017-1000117).
        var authority = text[(scheme.Length + 3)..].Split('/')[0];
        if (authority[(authority.LastIndexOf('@') + 1)..].StartsWith('-'))
            return "the host must not start with '-'";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown)
            return "is not a valid URL";
        if (uri.Host.Length == 0)
            return "the URL has no host";
        if (uri.UserInfo.StartsWith('-'))
            return "the user name must not start with '-'";
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return "query strings and fragments are not allowed";
        if (uri.AbsolutePath.Trim('/').Length == 0)
            return "the URL has no repository path";
        address = new RepositoryAddress(scheme == "https" ? RepositoryAddressKind.Https : RepositoryAddressKind.Ssh, text);
        return null;
    }

    static string? ParseScpLike(string text, Match scp, ref RepositoryAddress? address)
    {
        if (text.Any(char.IsWhiteSpace))
            return "must not contain spaces";
        if (scp.Groups["host"].Value.StartsWith('-'))
            return "the host must not start with '-'";
        if (scp.Groups["user"].Value.StartsWith('-'))
            return "the user name must not start with '-'";
        if (scp.Groups["path"].Value.StartsWith('-'))
            return "the path must not start with '-'";
        address = new RepositoryAddress(RepositoryAddressKind.ScpLike, text);
        return null;
    }

    // Git's rule: letters, digits, '+', '-' and '.' before "::" name a remote helper.
    [GeneratedRegex(@"^(?<name>[A-Za-z0-9+.-]+)::")]
    private static partial Regex TransportSyntax();

    // IPv6 hosts such as [::1] legitimately contain "::".
    [GeneratedRegex(@"\[[0-9A-Fa-f:.%a-zA-Z]*\]")]
    private static partial Regex BracketedHost();

    // Git reads "host:path" as ssh when a ':' comes before any '/'.
    [GeneratedRegex(@"^(?:(?<user>[A-Za-z0-9._~+-]+)@)?(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?<path>[^/].*|/.+)$")]
    private static partial Regex ScpLike();
}
