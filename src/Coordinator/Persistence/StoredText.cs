using System.Text;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// Text as both stores keep it. PostgreSQL refuses a NUL in text (22021) and Npgsql refuses a lone UTF-16
/// surrogate (a tail cut inside a pair): either would fail the whole transaction, and a worker resends the
/// same result for ever. Both become U+FFFD, the mark a decoder leaves for bytes it could not read.
/// </summary>
public static class StoredText
{
    public const char Replacement = '\uFFFD';

    public static string? Clean(string? text)
    {
        if (text is null || IsClean(text))
            return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            builder.Append(c == '\0' || char.IsSurrogate(c) ? Replacement : c);
        }
        return builder.ToString();
    }

    static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
                return false;
            if (!char.IsSurrogate(c))
                continue;
            if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            i++;
        }
        return true;
    }
}
