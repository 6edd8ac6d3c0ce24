using System.Globalization;

namespace Stamina.Coordinator.Notifications;

/// <summary>Short human texts for notifications.</summary>
static class TextOf
{
    public static string Duration(TimeSpan duration) => duration.TotalHours >= 1
        ? $"{(int)duration.TotalHours}h {duration.Minutes}m"
        : duration.TotalMinutes >= 1 ? $"{(int)duration.TotalMinutes}m {duration.Seconds}s" : $"{Math.Max(0, (int)duration.TotalSeconds)}s";

    public static string Usd(double usd) => "$" + usd.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Cut(string? text, int max) =>
        text is null ? "" : text.Length <= max ? text : text[..(max - 1)] + "…";

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
