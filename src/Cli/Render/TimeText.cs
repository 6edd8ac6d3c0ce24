using System.Globalization;

namespace Stamina.Cli.Render;

static class TimeText
{
    /// <summary>"42s ago", "5m ago", "3h ago", "2d ago", or "in 5m" for a time still ahead (a lease, a back-off).</summary>
    public static string Relative(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is null)
            return "-";
        var span = now - time.Value;
        return span >= TimeSpan.Zero ? $"{Coarse(span)} ago" : $"in {Coarse(-span)}";
    }

    static string Coarse(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds}s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes}m",
        { TotalHours: < 48 } => $"{(int)span.TotalHours}h",
        _ => $"{(int)span.TotalDays}d",
    };

    /// <summary>Local time for a person, with the relative form beside it.</summary>
    public static string Absolute(DateTimeOffset? time, DateTimeOffset now) =>
        time is null ? "-" : $"{time.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} ({Relative(time, now)})";

    /// <summary>The two largest units: "45s", "3m12s", "1h02m", "2d03h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
            span = TimeSpan.Zero;
        if (span.TotalMinutes < 1)
            return $"{(int)span.TotalSeconds}s";
        if (span.TotalHours < 1)
            return $"{span.Minutes}m{span.Seconds:00}s";
        if (span.TotalDays < 1)
            return $"{span.Hours}h{span.Minutes:00}m";
        return $"{(int)span.TotalDays}d{span.Hours:00}h";
    }
}
