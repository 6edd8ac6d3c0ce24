using Stamina.Coordinator.Stats;

namespace Stamina.Coordinator.Api;

/// <summary>
/// Reads a time window from the query string: <c>since</c> (a duration back from now, the duration grammar of the
/// rest of the API) or <c>from</c> (an ISO 8601 time), and <c>to</c> (an ISO 8601 time; now when absent).
/// </summary>
public static class WindowQuery
{
    const string TimeExpected = "not an ISO 8601 time with a zone, such as 2026-12-06T08:00:00Z";

    /// <summary>
    /// The window, or a problem naming the parameter. With no since, from or to: <paramref name="defaultSince"/> back
    /// from now, or no window at all (null, and no problem) when that is null.
    /// </summary>
    public static (TimeWindow? Window, IResult? Problem) Read(string? since, string? from, string? to, DateTimeOffset now, TimeSpan? defaultSince)
    {
        if (since is not null && from is not null)
            return (null, Problems.Invalid("since", "give since or from, not both"));
        var end = now;
        if (to is not null && !IsoTimeText.TryParse(to, out end))
            return (null, Problems.Invalid("to", TimeExpected));
        DateTimeOffset start;
        if (since is not null)
        {
            if (!DurationText.TryParse(since, out var span))
            {
                return (null, Problems.Invalid("since",
                    $"not a duration; use a number with s, m or h (90s, 30m, 12h), hh:mm:ss or seconds, at most {Stamina.ServiceDefaults.Validation.Durations.MaxSeconds:0} seconds"));
            }

            start = end - span;
        }
        else if (from is not null)
        {
            if (!IsoTimeText.TryParse(from, out start))
                return (null, Problems.Invalid("from", TimeExpected));
        }
        else if (defaultSince is { } fallback)
        {
            start = end - fallback;
        }
        else if (to is not null)
        {
            return (null, Problems.Invalid("to", "give since or from with to"));
        }
        else
        {
            return (null, null);
        }
        if (start >= end)
            return (null, Problems.Invalid(from is not null ? "from" : "since", "the window's start must be before its end"));
        return (new TimeWindow { From = start.ToUniversalTime(), To = end.ToUniversalTime() }, null);
    }
}
