using Cronos;

namespace Stamina.Coordinator.Schedules;

/// <summary>
/// A schedule's cron expression in its time zone. Cronos computes the occurrences: daylight-saving gaps and overlaps are
/// handled its way (see docs/architecture.md, "Schedules"), and all times in and out are UTC instants.
/// </summary>
public sealed class ScheduleCron
{
    ScheduleCron(CronExpression expression, TimeZoneInfo zone)
    {
        Expression = expression;
        Zone = zone;
    }

    public CronExpression Expression { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Five fields (minute hour day-of-month month day-of-week), six with seconds first, or a macro such as <c>@daily</c>.</summary>
    public static bool TryParse(string? cron, out CronExpression? expression, out string error)
    {
        expression = null;
        var text = cron?.Trim() ?? "";
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (text.Length == 0)
        {
            error = "a cron expression is required, e.g. \"0 22 * * 1-5\" (22:00 Monday to Friday)";
            return false;
        }
        if (!text.StartsWith('@') && fields is not (5 or 6))
        {
            error = $"'{text}' has {fields} field(s); a cron expression has 5 (minute hour day-of-month month day-of-week), or 6 with seconds first";
            return false;
        }
        try
        {
            expression = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            error = "";
            return true;
        }
        catch (CronFormatException exception)
        {
            error = $"'{text}' is not a valid cron expression: {exception.Message}";
            return false;
        }
    }

    /// <summary>An IANA id (<c>Europe/Berlin</c>, <c>UTC</c>); Windows names are refused so that a schedule reads the same everywhere.</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo? zone, out string error)
    {
        zone = null;
        var text = id?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "a time zone is required: an IANA id such as Europe/Berlin, America/New_York or UTC";
            return false;
        }
        // The zone comes from the system's tz database (Debian's tzdata); HasIanaId is false for a Windows name found by conversion.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(text, out zone) || !zone.HasIanaId)
        {
            error = $"'{text}' is not a known IANA time zone id (e.g. Europe/Berlin, America/New_York, UTC)";
            zone = null;
            return false;
        }
        error = "";
        return true;
    }

    public static ScheduleCron Of(string cron, string timeZone)
    {
        if (!TryParse(cron, out var expression, out var cronError))
            throw new FormatException(cronError);
        if (!TryFindZone(timeZone, out var zone, out var zoneError))
            throw new FormatException(zoneError);
        return new ScheduleCron(expression!, zone!);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>; null when the expression never occurs again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => Expression.GetNextOccurrence(after.ToUniversalTime(), Zone)?.ToUniversalTime();

    /// <summary>
    /// The latest occurrence in (<paramref name="after"/>, <paramref name="until"/>], and how many came before it in that
    /// span (occurrences a stopped coordinator missed: only the latest is handled, never a backlog).
    /// </summary>
    public (DateTimeOffset? Latest, int Earlier) LatestBetween(DateTimeOffset after, DateTimeOffset until)
    {
        DateTimeOffset? latest = null;
        var count = 0;
        foreach (var occurrence in Expression.GetOccurrences(after.ToUniversalTime(), until.ToUniversalTime(), Zone, fromInclusive: false, toInclusive: true))
        {
            latest = occurrence.ToUniversalTime();
            count++;
        }
        return (latest, Math.Max(0, count - 1));
    }

    /// <summary><paramref name="instant"/> on the schedule's wall clock, with its offset.</summary>
    public DateTimeOffset InZone(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
