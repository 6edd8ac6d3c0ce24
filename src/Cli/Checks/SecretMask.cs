using System.Text.RegularExpressions;

namespace Stamina.Cli.Checks;

/// <summary>Hides secrets in settings and messages before they are printed: keys, passwords in connection strings and URIs.</summary>
static partial class SecretMask
{
    public const string Mask = "***";

    static readonly string[] SecretKeyEndings = ["ApiKey", "Password", "Secret", "Token"];

    public static string? Setting(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return value;
        var lastSegment = key[(key.LastIndexOf(':') + 1)..];
        // A switch such as InsecureNoApiKey holds no secret, and showing it matters.
        var isSwitch = bool.TryParse(value, out _);
        if (!isSwitch && SecretKeyEndings.Any(ending => lastSegment.EndsWith(ending, StringComparison.OrdinalIgnoreCase)))
            return Mask;
        return key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) ? ConnectionString(value) : value;
    }

    /// <summary><c>amqp://user:secret@host</c> → <c>amqp://user:***@host</c>; <c>Password=secret;…</c> → <c>Password=***;…</c>.</summary>
    public static string ConnectionString(string value)
    {
        var masked = UriPassword().Replace(value, "$1" + Mask + "@");
        return KeywordPassword().Replace(masked, "$1" + Mask);
    }

    /// <summary>Removes a known secret from free text (an exception message), whatever its context.</summary>
    public static string Remove(string text, params string?[] secrets)
    {
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 3)
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    [GeneratedRegex(@"^([a-z][a-z0-9+.-]*://[^:/@]*:)[^@]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UriPassword();

    [GeneratedRegex(@"((?:^|;)\s*(?:password|pwd)\s*=\s*)[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordPassword();
}
