using System.Globalization;

namespace Stamina.Coordinator.Api;

/// <summary>
/// How long ago an item must have finished for <c>stamina prune</c>: a whole number with a unit, s, m, h, d or w
/// ("7d"). Whole numbers and a unit always, so "7" (days? seconds?) is never guessed. At most ten years.
/// </summary>
public static class PruneAge
{
    public const string Expected = "a whole number with a unit: s (seconds), m (minutes), h (hours), d (days) or w (weeks), such as 7d";

    public static bool TryParse(string? text, out TimeSpan age)
    {
        age = default;
        text = text?.Trim();
        if (text is null || text.Length < 2)
            return false;
        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1)
            return false;
        TimeSpan? parsed = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            'w' => TimeSpan.FromDays(7.0 * amount),
            _ => null,
        };
        if (parsed is not { } value || value > TimeSpan.FromDays(3653))
            return false;
        age = value;
        return true;
    }
}
