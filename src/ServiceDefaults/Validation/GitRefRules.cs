using System.Diagnostics.CodeAnalysis;

namespace Stamina.ServiceDefaults.Validation;

/// <summary>
/// The rules of <c>git check-ref-format --branch</c>, checked in C# so a bad name is refused at the door
/// (HTTP validation) and again by the worker before git sees it, plus a few of our own: no leading '-'
/// (it would read as an option), no spaces, at most 255 characters.
/// </summary>
public static class GitRefRules
{
    public const int MaxLength = 255;

    const string ForbiddenCharacters = "~^:?*[\\";

    /// <summary>A branch (<c>main</c>, <c>release/1.2</c>), a tag or a commit sha to start work from.</summary>
    public static bool IsValidBaseRef(string? text, [NotNullWhen(false)] out string? error) =>
        IsValid(text, "baseRef", out error);

    /// <summary>A branch name or a prefix of one, such as the worker's branch prefix.</summary>
    public static bool IsValidBranchName(string? text, [NotNullWhen(false)] out string? error, string field = "branch") =>
        IsValid(text, field, out error);

    static bool IsValid(string? text, string field, [NotNullWhen(false)] out string? error)
    {
        error = Problem(text);
        if (error is null)
            return true;
        error = $"{field}: {error}";
        return false;
    }

    static string? Problem(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "is required";
        if (text.Length > MaxLength)
            return $"is longer than {MaxLength} characters";
        foreach (var c in text)
        {
            if (char.IsControl(c))
                return "must not contain control characters";
            if (char.IsWhiteSpace(c))
                return "must not contain spaces";
            if (ForbiddenCharacters.Contains(c, StringComparison.Ordinal))
                return $"must not contain '{c}'";
        }
        if (text.StartsWith('-'))
            return "must not start with '-'";
        if (text.Contains("..", StringComparison.Ordinal))
            return "must not contain '..'";
        if (text.Contains("@{", StringComparison.Ordinal))
            return "must not contain '@{'";
        if (text is "@" or "HEAD")
            return $"must not be '{text}'";
        if (text.StartsWith('/') || text.EndsWith('/'))
            return "must not start or end with '/'";
        if (text.Contains("//", StringComparison.Ordinal))
            return "must not contain '//'";
        if (text.EndsWith('.'))
            return "must not end with '.'";
        foreach (var component in text.Split('/'))
        {
            if (component.StartsWith('.'))
                return "must not have a part starting with '.'";
            if (component.EndsWith(".lock", StringComparison.Ordinal))
                return "must not have a part ending with '.lock'";
        }
        return null;
    }
}
