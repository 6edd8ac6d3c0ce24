using System.Text.RegularExpressions;

namespace Stamina.Worker.Git;

/// <summary>Text helpers for git arguments and output.</summary>
static partial class GitText
{
    /// <summary>Masks the user-info part of URLs: a token can be the user name (https://TOKEN@github.com).</summary>
    public static string Redact(string text) => UserInfo().Replace(text, "://***@");

    /// <summary>True for a full or abbreviated object name (SHA-1 or SHA-256).</summary>
    public static bool IsObjectName(string text, int minimumLength = 4) =>
        text.Length >= minimumLength && text.Length <= 64 && text.All(char.IsAsciiHexDigit);

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex UserInfo();
}
