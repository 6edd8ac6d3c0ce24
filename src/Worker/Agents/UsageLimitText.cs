using System.Globalization;
using System.Text.RegularExpressions;

namespace Stamina.Worker.Agents;

/// <summary>
/// Recognises the usage-limit messages the agent CLIs print and reads the reset instant out of them.
/// A clock time without a date means its next occurrence after now. The zone is the one named in
/// parentheses ("resets 1pm (Europe/Lisbon)"); without one it is <see cref="TimeProvider.LocalTimeZone"/>,
/// because the CLI runs on the worker's machine and formats in that same local zone (UTC in most containers).
/// An unknown zone name or an unreadable time gives a recognised limit with no reset instant.
/// </summary>
public sealed partial class UsageLimitText(TimeProvider clock)
{
    /// <summary>Only the first part of a text is read: limit messages are short.</summary>
    const int ReadLimit = 16 * 1024;

    static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>True when the text says a usage limit was hit; <paramref name="resetsAt"/> is its reset, when told.</summary>
    public bool TryRead(string? text, out DateTimeOffset? resetsAt)
    {
        resetsAt = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var head = text.Length > ReadLimit ? text[..ReadLimit] : text;
        if (!LimitHit().IsMatch(head))
        {
            return false;
        }
        resetsAt = ResetTime(head);
        return true;
    }

    /// <summary>Epoch seconds (or milliseconds, for 13-digit values) as an instant; null when out of range.</summary>
    public static DateTimeOffset? FromEpoch(long value)
    {
        try
        {
            return value >= 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    DateTimeOffset? ResetTime(string text)
    {
        if (EpochSuffix().Match(text) is { Success: true } epoch && long.TryParse(epoch.Groups["epoch"].Value, out var seconds))
        {
            return FromEpoch(seconds);
        }
        if (AfterDuration().Match(text) is { Success: true } duration)
        {
            return ReadDuration(duration.Groups["duration"].Value) is { } wait ? clock.GetUtcNow() + wait : null;
        }
        return ClockTime().Match(text) is { Success: true } time ? ReadClockTime(time) : null;
    }

    static TimeSpan? ReadDuration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in DurationPart().Matches(text))
        {
            if (!int.TryParse(part.Groups["n"].Value, out var n))
            {
                return null;
            }
            total += char.ToLowerInvariant(part.Groups["unit"].Value[0]) switch
            {
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromSeconds(n),
            };
        }
        return total > TimeSpan.Zero ? total : null;
    }

    DateTimeOffset? ReadClockTime(Match time)
    {
        var zone = clock.LocalTimeZone;
        if (time.Groups["zone"].Success && !TimeZoneInfo.TryFindSystemTimeZoneById(time.Groups["zone"].Value, out zone))
        {
            return null;
        }
        var hour = int.Parse(time.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = time.Groups["minute"].Success ? int.Parse(time.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        if (time.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12)
            {
                return null;
            }
            hour = hour % 12 + (char.ToLowerInvariant(time.Groups["ampm"].Value[0]) == 'p' ? 12 : 0);
        }
        else if (!time.Groups["minute"].Success)
        {
            return null; // a bare number is not a time
        }
        if (hour > 23 || minute > 59)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        return time.Groups["month"].Success ? OnDate(time, hour, minute, zone, now) : NextClockTime(hour, minute, zone, now);
    }

    static DateTimeOffset? NextClockTime(int hour, int minute, TimeZoneInfo zone, DateTimeOffset now)
    {
        var day = TimeZoneInfo.ConvertTime(now, zone).Date;
        for (var i = 0; i < 3; i++)
        {
            var instant = InZone(day.AddDays(i).Add(new TimeSpan(hour, minute, 0)), zone);
            if (instant > now)
            {
                return instant;
            }
        }
        return null;
    }

    static DateTimeOffset? OnDate(Match time, int hour, int minute, TimeZoneInfo zone, DateTimeOffset now)
    {
        var month = Array.IndexOf(Months, time.Groups["month"].Value[..3].ToLowerInvariant()) + 1;
        var day = int.Parse(time.Groups["day"].Value, CultureInfo.InvariantCulture);
        var year = time.Groups["year"].Success
            ? int.Parse(time.Groups["year"].Value, CultureInfo.InvariantCulture)
            : TimeZoneInfo.ConvertTime(now, zone).Year;
        if (month < 1 || day < 1 || year is < 2000 or > 9000 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }
        var instant = InZone(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), zone);
        // A date without a year that already passed (by more than a day of slack) is next year's.
        return !time.Groups["year"].Success && instant < now - TimeSpan.FromDays(1) && (month != 2 || day != 29)
            ? InZone(new DateTime(year + 1, month, day, hour, minute, 0, DateTimeKind.Unspecified), zone)
            : instant;
    }

    static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // skipped by a spring-forward: the first valid time after it
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    [GeneratedRegex(
        @"usage limit reached|\b(?:5-hour|five[- ]hour|weekly|daily|session|opus|sonnet|monthly)\s+limit\s+reached|hit your (?:[\w-]+\s+)?limit|out of extra usage|rate_limit_error|usage_limit_reached|exhausted your (?:capacity|quota)|exceeded your current quota|quota exceeded|resource_exhausted",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex LimitHit();

    [GeneratedRegex(@"limit reached\|(?<epoch>\d{9,13})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EpochSuffix();

    [GeneratedRegex(
        @"\b(?:try again|resets?)\s+(?:in|after)\s+(?<duration>\d+\s*[a-z]+(?:[\s,]*(?:and\s+)?\d+\s*[a-z]+)*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AfterDuration();

    [GeneratedRegex(
        @"(?<n>\d+)\s*(?<unit>days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DurationPart();

    [GeneratedRegex(
        @"\b(?:try again|resets?)\s+(?:at\s+|on\s+)?(?:(?<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?<year>\d{4}),?\s+)?(?:at\s+)?)?(?<hour>\d{1,2})(?::(?<minute>\d{2}))?\s*(?<ampm>[ap]\.?m\b\.?)?(?:\s*\((?<zone>[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*)\))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ClockTime();
}
