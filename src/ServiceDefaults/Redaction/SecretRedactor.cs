using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Stamina.ServiceDefaults.Redaction;

/// <summary>
/// Replaces secret-looking text (API keys, tokens, private keys, credentials in URLs, and the patterns an operator adds)
/// with <c>[redacted:KIND]</c>. Used where agent output leaves the worker and where the coordinator stores it.
/// The default patterns are one source-generated regex; added patterns run with <see cref="RegexOptions.NonBacktracking"/>,
/// so no pattern can take more than linear time on a megabyte line an agent prints.
/// </summary>
public sealed partial class SecretRedactor
{
    readonly IReadOnlyList<SecretPattern> custom;

    public SecretRedactor(IEnumerable<SecretPattern> customPatterns)
    {
        ArgumentNullException.ThrowIfNull(customPatterns);
        custom = [.. customPatterns];
    }

    /// <summary>The default patterns only.</summary>
    public static SecretRedactor Default { get; } = new([]);

    /// <summary>The text with every secret replaced; the same instance when there was none.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        var redacted = Defaults().Replace(text, static match => Replacement(match));
        foreach (var pattern in custom)
            redacted = pattern.Redact(redacted);
        return redacted;
    }

    /// <summary>The kind of the first secret found (e.g. <c>github-token</c>), or null.</summary>
    public string? FirstSecretKind(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Defaults().Match(text) is { Success: true } match)
            return KindOf(match);
        return custom.FirstOrDefault(p => p.IsMatch(text))?.Name;
    }

    static string Replacement(Match match)
    {
        var keep = match.Groups["keep"];
        var keepEnd = match.Groups["keepend"];
        return (keep.Success ? keep.Value : "") + $"[redacted:{KindOf(match)}]" + (keepEnd.Success ? keepEnd.Value : "");
    }

    // The one kind group that took part in the match; group names use '_' where the label has '-'.
    static string KindOf(Match match)
    {
        foreach (Group group in match.Groups)
        {
            if (group.Success && group.Name is not ("0" or "keep" or "keepend") && !char.IsDigit(group.Name[0]))
                return group.Name.Replace('_', '-');
        }
        return "secret";
    }

    // Order matters where prefixes overlap: Anthropic's sk-ant- before OpenAI's sk-. Each alternative starts with a
    // literal, so the generated matcher skips quickly to candidates. A private key block ends at its END line, or,
    // cut (a transcript line, a tail), after the base64 and line breaks that follow it.
    [GeneratedRegex("""
        (?<anthropic_key>\bsk-ant-[A-Za-z0-9_\-]{20,})
        |(?<openai_key>\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,})
        |(?<github_token>\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}))
        |(?<gitlab_token>\bglpat-[A-Za-z0-9_\-]{20,})
        |(?<aws_access_key>\b(?:AKIA|ASIA)[A-Z0-9]{16}\b)
        |(?<slack_token>\bxox[baprs]-[A-Za-z0-9\-]{10,})
        |(?<google_api_key>\bAIza[0-9A-Za-z_\-]{35})
        |(?<private_key>-----BEGIN[A-Z ]{0,30}PRIVATE\ KEY-----(?:[A-Za-z0-9+/=\s\\:,\-]{0,16384}?-----END[A-Z ]{0,30}PRIVATE\ KEY-----|(?:[A-Za-z0-9+/=\r\n]|\\[rn])*))
        |(?<bearer_token>(?<keep>\b[Bb]earer\s+)[A-Za-z0-9\-._~+/]{8,}=*)
        |(?<url_credentials>(?<keep>://)[^/\s:@"'<>]+:[^/\s@"'<>]+(?<keepend>@))
        |(?<query_token>(?<keep>[?&](?:access_token|private_token|oauth_token|api_key|apikey)=)[^&\s"'<>#]+)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Defaults();
}
