using System.CommandLine;
using System.Globalization;

namespace Stamina.Cli.Parsing;

/// <summary>
/// <c>--older-than</c>: a whole number with s, m, h, d or w ("7d"), as the coordinator accepts it. Checked here so
/// a typo is a usage error before anything is sent.
/// </summary>
static class PruneAgeOption
{
    public const string Expected = "a whole number with s, m, h, d or w (90m, 12h, 7d, 2w), at most ten years";

    public static Option<string> Create()
    {
        var option = new Option<string>("--older-than")
        {
            Description = "Prune items that finished longer ago than this: 90m, 12h, 7d, 2w",
            HelpName = "AGE",
            Required = true,
        };
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!IsValid(text))
                result.AddError($"--older-than '{text}' is not an age; use {Expected}");
        });
        return option;
    }

    public static bool IsValid(string? text)
    {
        text = text?.Trim();
        if (text is null || text.Length < 2 || "smhdw".IndexOf(text[^1], StringComparison.Ordinal) < 0)
            return false;
        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1)
            return false;
        var days = text[^1] switch
        {
            's' => amount / 86400.0,
            'm' => amount / 1440.0,
            'h' => amount / 24.0,
            'd' => amount,
            _ => amount * 7.0,
        };
        return days <= 3653;
    }
}
