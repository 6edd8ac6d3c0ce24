using System.Globalization;

namespace Stamina.Cli.Parsing;

/// <summary>
/// The duration forms the coordinator accepts ("90s", "30m", "2h", "00:30:00"). Checked here too so a typo is
/// a usage error before anything is sent; the coordinator still checks the range.
/// </summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        text = text?.Trim();
        if (text is null || text.Length < 2)
            return false;
        var unit = text[^1];
        if (char.IsLetter(unit))
        {
            if (!double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0
                || double.IsInfinity(amount))
            {
                return false;
            }
            TimeSpan? parsed = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => null,
            };
            duration = parsed ?? default;
            return parsed is not null;
        }
        // A bare number would parse as days ("10" is ten days): ask for a unit or the hh:mm:ss form instead.
        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
