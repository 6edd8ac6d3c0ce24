using Stamina.ServiceDefaults.Validation;

namespace Stamina.FakeAgent.Directives;

/// <summary>
/// A directive's duration in the project's one grammar (<see cref="Durations"/>, compiled in from ServiceDefaults so
/// the fake agent stays free of its dependencies); a unit is required, as a bare number could mean anything.
/// </summary>
static class DurationText
{
    public static TimeSpan Parse(string text)
    {
        if (!Durations.TryRead(text, bareSecondsAllowed: false, out var seconds))
            throw new DirectiveException($"'{text}' is not a duration: write {Durations.Forms}, e.g. 250ms or 2s");
        // Thread.Sleep takes at most ~24 days; a day is far more than any test needs.
        return seconds <= Longest.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new DirectiveException($"'{text}' is longer than {Longest.TotalHours:0}h");
    }

    static TimeSpan Longest => TimeSpan.FromHours(24);
}
