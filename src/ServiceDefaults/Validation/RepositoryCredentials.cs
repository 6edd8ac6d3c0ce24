using System.Text.RegularExpressions;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.ServiceDefaults.Validation;

/// <summary>
/// Finds credentials written into a repository address: <c>https://TOKEN@host/…</c>, <c>https://user:pass@host/…</c>,
/// <c>ssh://user:pass@host/…</c>, <c>user:pass@host:path</c>, <c>?access_token=…</c>, or anything the default secret
/// patterns recognise. An item's address is stored, shown by the API and the web page, logged and written into the
/// mirror's git config, so a credential there leaks; the worker's own git configuration supplies them instead.
/// </summary>
public static partial class RepositoryCredentials
{
    /// <summary>Where the message sends the user; docs/security.md explains how to configure a worker.</summary>
    public const string SupportedWay =
        "configure a git credential helper or a per-host token on the worker instead (docs/security.md, \"Repository credentials\"); "
        + "credentials are never stored in an item";

    /// <summary>The problem with <paramref name="text"/>, without repeating the credential; null when it holds none.</summary>
    public static string? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            var scheme = text[..separator].ToLowerInvariant();
            var rest = text[(separator + 3)..];
            var authority = rest[..IndexOfAny(rest, '/', '?', '#')];
            var at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                var user = authority[..at];
                if (user.Contains(':', StringComparison.Ordinal))
                    return $"a password or token in the address is not allowed; {SupportedWay}";
                // Over https a user name is how tokens are passed (https://TOKEN@github.com); over ssh it is the login (git@).
                if (scheme is "https" or "http")
                    return $"a user name or token in an https address is not allowed (give the address without 'user@'); {SupportedWay}";
            }
            if (TokenQuery().IsMatch(rest))
                return $"a token in the query string is not allowed; {SupportedWay}";
        }
        else if (ScpWithPassword().IsMatch(text))
        {
            return $"a password or token in the address is not allowed; {SupportedWay}";
        }

        if (SecretRedactor.Default.FirstSecretKind(text) is { } kind)
            return $"the address contains what looks like a secret ({kind}); {SupportedWay}";
        return null;
    }

    static int IndexOfAny(string text, params char[] characters) => text.IndexOfAny(characters) is var i and >= 0 ? i : text.Length;

    // user:secret@host:path, git's scp form with a password.
    [GeneratedRegex(@"^[^@/:\s]+:[^@/\s]*@[^/:\s]+:")]
    private static partial Regex ScpWithPassword();

    [GeneratedRegex(@"[?&#](?:access_token|private_token|oauth_token|token|api_key|apikey|key|password|secret|sig)=", RegexOptions.IgnoreCase)]
    private static partial Regex TokenQuery();
}
