using System.Globalization;

namespace Stamina.Worker.Fleet;

/// <summary>
/// The daily hours in which a worker takes new work (<c>22:00-07:00</c>: across midnight when the end is earlier than
/// the start), on the wall clock of <see cref="TimeZone"/>. An opening that falls in a daylight-saving gap opens when
/// the clocks jump; one that falls twice (clocks turned back) opens at the first.
/// </summary>
public sealed record ShiftWindow(TimeSpan Start, TimeSpan End, TimeZoneInfo TimeZone)
{
    /// <summary>The text as given, for status and logs.</summary>
    public string Text => $"{Start:hh\\:mm}-{End:hh\\:mm} {TimeZone.Id}";

    /// <summary>Parses <c>HH:mm-HH:mm</c> and an IANA (or Windows) time zone id; null zone: the machine's own.</summary>
    /// <exception cref="FormatException">Says what is wrong with the input.</exception>
    public static ShiftWindow Parse(string shift, string? timeZone)
    {
        var parts = shift.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
            throw new FormatException($"shift '{shift}' is not a window like 22:00-07:00 (start-end, 24-hour HH:mm)");
        var start = ParseTime(parts[0], shift);
        var end = ParseTime(parts[1], shift);
        if (start == end)
            throw new FormatException($"shift '{shift}' starts and ends at the same time; leave the shift out to work around the clock");
        TimeZoneInfo zone;
        if (string.IsNullOrWhiteSpace(timeZone))
            zone = TimeZoneInfo.Local;
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var found))
            throw new FormatException($"time zone '{timeZone}' is unknown (use an IANA id such as Europe/Berlin or UTC)");
        else
            zone = found;
        return new ShiftWindow(start, end, zone);
    }

    /// <summary>True when <paramref name="now"/> is inside the window.</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        var time = TimeZoneInfo.ConvertTime(now, TimeZone).TimeOfDay;
        return Start < End ? time >= Start && time < End : time >= Start || time < End;
    }

    /// <summary>The first instant at or after <paramref name="now"/> at which the window is open.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset now)
    {
        if (IsOpen(now))
            return now;
        var today = TimeZoneInfo.ConvertTime(now, TimeZone).Date;
        for (var day = -1; day <= 2; day++)
        {
            var opening = Instant(today.AddDays(day) + Start);
            if (opening > now)
                return opening;
        }
        throw new InvalidOperationException("no opening within two days"); // cannot happen: every day has one
    }

    /// <summary>The instant the local wall-clock time <paramref name="local"/> is reached, first if twice, when the clocks jump if never.</summary>
    DateTimeOffset Instant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var skipped = local;
        while (TimeZone.IsInvalidTime(skipped))
            skipped = skipped.AddMinutes(1);
        if (skipped != local)
            return new DateTimeOffset(skipped, TimeZone.GetUtcOffset(skipped)).ToUniversalTime();
        if (TimeZone.IsAmbiguousTime(local))
            return new DateTimeOffset(local, TimeZone.GetAmbiguousTimeOffsets(local).Max()).ToUniversalTime();
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    static TimeSpan ParseTime(string text, string shift)
    {
        if (TimeSpan.TryParseExact(text, ["hh\\:mm", "h\\:mm"], CultureInfo.InvariantCulture, out var time) && time < TimeSpan.FromDays(1))
            return time;
        if (text == "24:00")
            return TimeSpan.Zero;
        throw new FormatException($"shift '{shift}': '{text}' is not a time of day (24-hour HH:mm, e.g. 07:00)");
    }
}
