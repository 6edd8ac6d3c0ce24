using System.Text.Json;
using System.Text.RegularExpressions;
using Stamina.Contracts;

namespace Stamina.Worker.Reviews;

/// <summary>
/// Reads a reviewer's verdict: the CLI's structured output when it gave one (it was constrained by
/// <see cref="VerdictSchema"/>), otherwise the one fenced <c>```json</c> block of the final message. Whatever
/// the agent wrote, the answer is a verdict or a problem that says what was wrong; it never throws.
/// </summary>
public static partial class VerdictReader
{
    /// <summary>Feedback and reasons are cut to this many characters: they travel in messages and grow the next prompt.</summary>
    public const int MaxTextLength = 8000;

    const string CutMark = " … (cut)";

    static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16 };

    public static VerdictReading Read(string? structuredOutput, string? finalText)
    {
        if (!string.IsNullOrWhiteSpace(structuredOutput))
            return Parse(structuredOutput, "the structured output");
        if (string.IsNullOrWhiteSpace(finalText))
            return VerdictReading.Invalid("the reviewer gave no final message, so no verdict");
        MatchCollection blocks;
        try
        {
            blocks = JsonBlock().Matches(finalText);
            _ = blocks.Count;
        }
        catch (RegexMatchTimeoutException)
        {
            return VerdictReading.Invalid("the reviewer's final message could not be searched for a verdict in time");
        }
        return blocks.Count switch
        {
            0 => VerdictReading.Invalid("the reviewer's final message has no ```json block with a verdict"),
            1 => Parse(blocks[0].Groups["body"].Value, "the ```json block"),
            _ => VerdictReading.Invalid($"the reviewer's final message has {blocks.Count} ```json blocks; a verdict is exactly one"),
        };
    }

    static VerdictReading Parse(string json, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException exception)
        {
            return VerdictReading.Invalid($"{where} is not valid JSON: {FirstSentence(exception.Message)}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return VerdictReading.Invalid($"{where} is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object with a \"verdict\"");
            if (!TryText(root, "verdict", out var verdict, out var problem)
                || !TryText(root, "feedback", out var feedback, out problem)
                || !TryText(root, "reason", out var reason, out problem))
            {
                return VerdictReading.Invalid($"{where}: {problem}");
            }

            verdict = verdict.Trim();
            if (verdict.Length == 0)
                return VerdictReading.Invalid($"{where} has no \"verdict\" (one of {string.Join(", ", ReviewVerdicts.All)})");
            if (!ReviewVerdicts.All.Contains(verdict))
                return VerdictReading.Invalid($"{where}: unknown verdict '{Printable(verdict)}'; known: {string.Join(", ", ReviewVerdicts.All)}");
            // A reviewer that puts its words in the other field still said them.
            feedback = feedback.Trim();
            reason = reason.Trim();
            if (verdict == ReviewVerdicts.Revise && feedback.Length == 0)
                feedback = reason;
            if (verdict == ReviewVerdicts.Block && reason.Length == 0)
                reason = feedback;
            if (verdict == ReviewVerdicts.Revise && feedback.Length == 0)
                return VerdictReading.Invalid($"{where}: a \"revise\" verdict needs its \"feedback\" (what to change)");
            if (verdict == ReviewVerdicts.Block && reason.Length == 0)
                return VerdictReading.Invalid($"{where}: a \"block\" verdict needs its \"reason\"");
            return VerdictReading.Of(new ReviewVerdict { Verdict = verdict, Feedback = Cut(feedback), Reason = Cut(reason) });
        }
    }

    /// <summary>A missing or null field reads as empty text; any other non-string is a problem.</summary>
    static bool TryText(JsonElement root, string name, out string text, out string problem)
    {
        text = "";
        problem = "";
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return true;
        if (value.ValueKind != JsonValueKind.String)
        {
            problem = $"\"{name}\" must be a string, not a {value.ValueKind.ToString().ToLowerInvariant()}";
            return false;
        }
        text = value.GetString() ?? "";
        return true;
    }

    static string Cut(string text) => text.Length <= MaxTextLength ? text : text[..(MaxTextLength - CutMark.Length)] + CutMark;

    static string Printable(string text) => new([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);

    static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>A fence of three backticks and the word json opens a line; a fence alone on a line closes it.</summary>
    [GeneratedRegex(@"^[ \t]*```[ \t]*json[ \t]*\r?\n(?<body>.*?)^[ \t]*```[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 2000)]
    private static partial Regex JsonBlock();
}
