using System.Text.RegularExpressions;

namespace Stamina.ServiceDefaults.Redaction;

/// <summary>
/// One operator-configured pattern (<c>Stamina:Redaction:Patterns:NAME</c>). The whole match is replaced by
/// <c>[redacted:NAME]</c>, or only a group named <c>secret</c> when the pattern has one (to keep the text around it).
/// </summary>
public sealed class SecretPattern
{
    public const string SecretGroup = "secret";

    readonly Regex regex;
    readonly bool hasSecretGroup;

    SecretPattern(string name, Regex regex)
    {
        Name = name;
        this.regex = regex;
        hasSecretGroup = regex.GetGroupNames().Contains(SecretGroup, StringComparer.Ordinal);
    }

    public string Name { get; }

    /// <summary>Compiles <paramref name="pattern"/> or throws <see cref="ArgumentException"/> saying why, in the user's terms.</summary>
    public static SecretPattern Create(string name, string pattern)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException($"the name '{name}' must be letters, digits and '-' (it appears as [redacted:NAME])");
        if (string.IsNullOrEmpty(pattern))
            throw new ArgumentException("is empty");
        try
        {
            // Linear time whatever the pattern: no catastrophic backtracking on a long line an agent prints.
            var regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            if (regex.IsMatch(""))
                throw new ArgumentException("matches the empty string, so it would redact nothing useful and everything between");
            return new SecretPattern(name, regex);
        }
        catch (RegexParseException exception)
        {
            throw new ArgumentException($"is not a valid regular expression: {exception.Message}");
        }
        catch (NotSupportedException exception)
        {
            throw new ArgumentException($"uses a construct linear-time matching does not support (lookarounds, backreferences, atomic groups): {exception.Message}");
        }
    }

    public bool IsMatch(string text) => regex.IsMatch(text);

    public string Redact(string text) => regex.Replace(text, match =>
    {
        var label = $"[redacted:{Name}]";
        if (!hasSecretGroup || match.Groups[SecretGroup] is not { Success: true } secret)
            return label;
        return string.Concat(match.Value.AsSpan(0, secret.Index - match.Index), label, match.Value.AsSpan(secret.Index - match.Index + secret.Length));
    });
}
