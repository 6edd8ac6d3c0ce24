using System.Globalization;
using System.Text;

namespace Stamina.FakeAgent.Dialects;

/// <summary>
/// The usage-limit messages of the three CLIs, in UTC. Clock times are rounded up to the minute so that
/// a reader that trusts the text never retries before the limit has actually reset.
/// </summary>
static class LimitTexts
{
    /// <summary><c>You've hit your limit · resets 11:46pm (UTC)</c></summary>
    public static string Claude(DateTimeOffset resetsAt) =>
        $"You've hit your limit · resets {RoundUpToMinute(resetsAt).ToString("h:mmtt", CultureInfo.InvariantCulture).ToLowerInvariant()} (UTC)";

    /// <summary><c>You've hit your usage limit. Upgrade to Pro (...) ... or try again at Apr 28th, 2026 10:03 PM.</c></summary>
    public static string Codex(DateTimeOffset resetsAt)
    {
        var at = RoundUpToMinute(resetsAt);
        var date = $"{at.ToString("MMM", CultureInfo.InvariantCulture)} {at.Day}{OrdinalSuffix(at.Day)}, {at.ToString("yyyy h:mm tt", CultureInfo.InvariantCulture)}";
        return "You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit "
            + $"https://chatgpt.com/codex/settings/usage to purchase more credits or try again at {date}.";
    }

    /// <summary>Gemini's quota error, with the wait written like <c>1h2m3s</c>.</summary>
    public static string Gemini(TimeSpan resetIn) =>
        $"[API Error: 429 RESOURCE_EXHAUSTED: You have exhausted your capacity on this model. Your quota will reset after {GoDuration(resetIn)}.]";

    public static long EpochSecondsRoundedUp(DateTimeOffset at) =>
        (long)Math.Ceiling((at - DateTimeOffset.UnixEpoch).TotalSeconds);

    static DateTimeOffset RoundUpToMinute(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var floor = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        return floor == utc ? floor : floor.AddMinutes(1);
    }

    static string OrdinalSuffix(int day) => day switch
    {
        11 or 12 or 13 => "th",
        _ when day % 10 == 1 => "st",
        _ when day % 10 == 2 => "nd",
        _ when day % 10 == 3 => "rd",
        _ => "th",
    };

    static string GoDuration(TimeSpan span)
    {
        var seconds = (long)Math.Ceiling(Math.Max(0, span.TotalSeconds));
        var text = new StringBuilder();
        if (seconds >= 3600)
            text.Append(CultureInfo.InvariantCulture, $"{seconds / 3600}h");
        if (seconds >= 60)
            text.Append(CultureInfo.InvariantCulture, $"{seconds / 60 % 60}m");
        text.Append(CultureInfo.InvariantCulture, $"{seconds % 60}s");
        return text.ToString();
    }
}
