using System.Globalization;

namespace Stamina.ServiceDefaults.Validation;

/// <summary>
/// The duration forms the API, the CLI and task files accept: "90s", "30m", "2h", "hh:mm:ss", and (where the caller
/// allows it) a bare number of seconds. One reader, so the CLI refuses exactly what the coordinator would.
/// </summary>
public static class Durations
{
    /// <summary>
    /// About 115 days: far above any limit a field allows (those say their own range), far below where
    /// <see cref="TimeSpan"/> overflows, so "1e300s" is refused naming the field and never an exception.
    /// </summary>
    public const double MaxSeconds = 10_000_000;

    public static bool TryParse(string? text, bool bareSecondsAllowed, out TimeSpan duration)
    {
        duration = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
            return false;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return bareSecondsAllowed && Set(FromSeconds(seconds), out duration);
        var unit = text[^1];
        if (char.IsLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            double? factor = unit switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                _ => null,
            };
            return Set(factor is { } f ? FromSeconds(amount * f) : null, out duration);
        }
        // TimeSpan's own form; a bare number never gets here (it would read as days).
        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero
            && duration.TotalSeconds <= MaxSeconds;
    }

    /// <summary>Null for NaN, infinities, zero, negatives and anything above <see cref="MaxSeconds"/>.</summary>
    public static TimeSpan? FromSeconds(double seconds) =>
        double.IsFinite(seconds) && seconds is > 0 and <= MaxSeconds ? TimeSpan.FromSeconds(seconds) : null;

    static bool Set(TimeSpan? parsed, out TimeSpan duration)
    {
        duration = parsed ?? default;
        return parsed is not null;
    }
}
