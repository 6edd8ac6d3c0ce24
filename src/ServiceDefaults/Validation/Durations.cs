using System.Globalization;
using System.Text.RegularExpressions;

namespace Stamina.ServiceDefaults.Validation;

/// <summary>
/// The one duration grammar of the API, the CLI, <c>stamina.yml</c> and the fake agent: a number with a unit
/// (<c>250ms</c>, <c>90s</c>, <c>1.5m</c>, <c>2h</c>), units added up (<c>1h30m</c>, <c>2m30s</c>), <c>hh:mm:ss</c>
/// (TimeSpan's own form, days too: <c>1.00:00:00</c>), and, where the caller documents it, a bare number of seconds.
/// </summary>
public static partial class Durations
{
    /// <summary>
    /// About 115 days: far above any limit a field allows (those say their own range), far below where
    /// <see cref="TimeSpan"/> overflows, so "1e300s" is refused naming the field and never an exception.
    /// </summary>
    public const double MaxSeconds = 10_000_000;

    /// <summary>The forms, for error messages.</summary>
    public const string Forms = "a number with a unit (250ms, 90s, 30m, 2h), units together (1h30m) or hh:mm:ss";

    public static bool TryParse(string? text, bool bareSecondsAllowed, out TimeSpan duration)
    {
        duration = default;
        if (!TryRead(text, bareSecondsAllowed, out var seconds))
            return false;
        return Set(FromSeconds(seconds), out duration);
    }

    /// <summary>
    /// Reads any of the forms as seconds, zero and beyond <see cref="MaxSeconds"/> included (a caller checks its own
    /// range); false for text in no form, negatives and non-finite numbers.
    /// </summary>
    public static bool TryRead(string? text, bool bareSecondsAllowed, out double seconds)
    {
        seconds = 0;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
            return false;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            seconds = bare;
            return bareSecondsAllowed && double.IsFinite(bare) && bare >= 0;
        }
        var units = Units().Match(text);
        if (units.Success)
        {
            foreach (Capture part in units.Groups["part"].Captures)
            {
                var piece = Unit().Match(part.Value);
                var amount = double.Parse(piece.Groups["amount"].Value, CultureInfo.InvariantCulture);
                seconds += amount * piece.Groups["unit"].Value switch
                {
                    "ms" => 0.001,
                    "s" => 1,
                    "m" => 60,
                    _ => 3600,
                };
            }
            return double.IsFinite(seconds);
        }
        // TimeSpan's own form; a bare number never gets here (it would read as days).
        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            seconds = span.TotalSeconds;
            return true;
        }
        return false;
    }

    /// <summary>Null for NaN, infinities, zero, negatives and anything above <see cref="MaxSeconds"/>.</summary>
    public static TimeSpan? FromSeconds(double seconds) =>
        double.IsFinite(seconds) && seconds is > 0 and <= MaxSeconds ? TimeSpan.FromSeconds(seconds) : null;

    static bool Set(TimeSpan? parsed, out TimeSpan duration)
    {
        duration = parsed ?? default;
        return parsed is not null;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Units();

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex Unit();
}
