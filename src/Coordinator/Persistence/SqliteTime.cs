using System.Globalization;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// How SQLite stores a time: UTC text of fixed width, <c>2026-11-25T21:00:00.0000000Z</c>. Text so the file
/// reads well in the sqlite3 shell; fixed width with all seven fraction digits so that text order is time
/// order (<c>lease_expires_at &lt; @now</c>, <c>order by created_at</c>, <c>max(a, b)</c>) and ticks round-trip.
/// </summary>
public static class SqliteTime
{
    const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
