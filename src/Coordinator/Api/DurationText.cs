using System.Globalization;
using System.Text.Json;

namespace Stamina.Coordinator.Api;

/// <summary>Reads a duration: seconds as a number, "90s", "30m", "2h", or "hh:mm:ss".</summary>
public static class DurationText
{
    public static bool TryParse(JsonElement value, out TimeSpan duration, out string error)
    {
        duration = default;
        error = "";
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetDouble(out var seconds) && seconds is > 0 and < 10_000_000)
            {
                duration = TimeSpan.FromSeconds(seconds);
                return true;
            }
            error = "a number of seconds must be positive";
            return false;
        }
        if (value.ValueKind == JsonValueKind.String && TryParse(value.GetString()!, out duration))
            return true;
        error = "expected seconds, or a duration such as \"90s\", \"30m\", \"2h\" or \"00:30:00\"";
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
        {
            duration = seconds is > 0 and < 10_000_000 ? TimeSpan.FromSeconds(seconds) : default;
            return duration > TimeSpan.Zero;
        }
        var unit = text[^1];
        if (char.IsLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
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
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
