using System.Text.RegularExpressions;

namespace Stamina.Coordinator.Reports;

/// <summary>
/// What two failures have in common: the error class and the message with everything that changes between runs of
/// the same fault (UUIDs, times, URLs, paths, hex ids, numbers) replaced by placeholders, so that "cannot open
/// /tmp/a/1: error 17" and "cannot open /tmp/b/22: error 99" count as one kind of failure.
/// </summary>
public static partial class FailureSignature
{
    /// <summary>Long enough to tell faults apart, short enough for one line of a report.</summary>
    public const int MaxLength = 200;

    public static string Of(string? errorClass, string? message)
    {
        var kind = string.IsNullOrWhiteSpace(errorClass) ? "unknown" : errorClass.Trim();
        var text = Normalise(message);
        return text.Length == 0 ? kind : $"{kind}: {text}";
    }

    /// <summary>The message's variable parts as placeholders, whitespace collapsed, cut at <see cref="MaxLength"/>.</summary>
    public static string Normalise(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
            return "";
        // Order matters: a UUID or a time holds numbers, a URL holds a path, a path may hold hex ids.
        var text = Uuid().Replace(message, "<uuid>");
        text = IsoTime().Replace(text, "<time>");
        text = ClockTime().Replace(text, "<time>");
        text = Url().Replace(text, "<url>");
        text = UnixPath().Replace(text, "<path>");
        text = WindowsPath().Replace(text, "<path>");
        text = HexId().Replace(text, "<hex>");
        text = Number().Replace(text, "<n>");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"\b\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s?[AaPp][Mm]\b)?", RegexOptions.CultureInvariant)]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'""<>()]+", RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    /// <summary>Absolute, home or relative ("./x", "../x") paths; a slash inside a word ("and/or", "1/2") is not one.</summary>
    [GeneratedRegex(@"(?<![\w/.~])(~|\.{1,2})?(/[^\s'""`,;:()\[\]{}<>|]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"\b[A-Za-z]:\\[^\s'""<>|]*", RegexOptions.CultureInvariant)]
    private static partial Regex WindowsPath();

    /// <summary>0x-prefixed, or 7+ hex digits mixing letters and digits (git SHAs, ids); a plain word or number is not one.</summary>
    [GeneratedRegex(@"\b0x[0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{7,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex HexId();

    [GeneratedRegex(@"\d+([.,]\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
