using System.Globalization;
using System.Text.Json;

namespace Stamina.Coordinator.Api;

/// <summary>Reads a duration: seconds as a number, "90s", "30m", "2h", or "hh:mm:ss".</summary>
public static class DurationText
{
    /// <summary>
    /// About 115 days: far above any limit a field allows (those say their own range), far below where
    /// <see cref="TimeSpan"/> overflows, so "1e300s" is a 400 naming the field and never an exception.
    /// </summary>
    const double MaxSeconds = 10_000_000;

    const string Expected = "expected seconds, or a duration such as \"90s\", \"30m\", \"2h\" or \"00:30:00\"";

    public static bool TryParse(JsonElement value, out TimeSpan duration, out string error)
    {
        duration = default;
        error = "";
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetDouble(out var seconds) && FromSeconds(seconds) is { } parsed)
            {
                duration = parsed;
                return true;
            }
            error = $"a number of seconds must be positive and at most {MaxSeconds:0}";
            return false;
        }
        if (value.ValueKind == JsonValueKind.String && TryParse(value.GetString()!, out duration))
            return true;
        error = Expected + $"; positive and at most {MaxSeconds:0} seconds";
        return false;
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length == 0)
            return false;
        // A bare number is seconds, as in JSON; TimeSpan.TryParse would read it as days.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return Set(FromSeconds(seconds), out duration);
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
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    /// <summary>Null for NaN, infinities, zero, negatives and anything above <see cref="MaxSeconds"/>.</summary>
    static TimeSpan? FromSeconds(double seconds) =>
        double.IsFinite(seconds) && seconds is > 0 and <= MaxSeconds ? TimeSpan.FromSeconds(seconds) : null;

    static bool Set(TimeSpan? parsed, out TimeSpan duration)
    {
        duration = parsed ?? default;
        return parsed is not null;
    }
}
