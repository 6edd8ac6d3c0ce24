using System.Text.Json;
using Stamina.ServiceDefaults.Validation;

namespace Stamina.Coordinator.Api;

/// <summary>Reads a duration: seconds as a number, "90s", "30m", "2h", or "hh:mm:ss".</summary>
public static class DurationText
{
    const string Expected = "expected seconds, or a duration such as \"90s\", \"30m\", \"2h\" or \"00:30:00\"";

    public static bool TryParse(JsonElement value, out TimeSpan duration, out string error)
    {
        duration = default;
        error = "";
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetDouble(out var seconds) && Durations.FromSeconds(seconds) is { } parsed)
            {
                duration = parsed;
                return true;
            }
            error = $"a number of seconds must be positive and at most {Durations.MaxSeconds:0}";
            return false;
        }
        if (value.ValueKind == JsonValueKind.String && ReadString(value) is { } text && TryParse(text, out duration))
            return true;
        error = Expected + $"; positive and at most {Durations.MaxSeconds:0} seconds";
        return false;
    }

    /// <summary>The string, or null when it escapes a lone surrogate (<c>"\ud800"</c>), which System.Text.Json refuses to read: no duration anyway.</summary>
    static string? ReadString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static bool TryParse(string text, out TimeSpan duration) => Durations.TryParse(text, bareSecondsAllowed: true, out duration);
}
