using System.Globalization;
using System.Text.RegularExpressions;

namespace Stamina.FakeAgent.Directives;

/// <summary>Durations written as <c>250ms</c>, <c>1.5s</c>, <c>2m</c> or <c>1h</c>; the unit is required.</summary>
static partial class DurationText
{
    public static TimeSpan Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
            throw new DirectiveException($"'{text}' is not a duration: write a number and a unit (ms, s, m, h), e.g. 250ms or 2s");
        var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        var milliseconds = amount * match.Groups["unit"].Value switch
        {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            _ => 3_600_000,
        };
        // Thread.Sleep takes at most ~24 days; a day is far more than any test needs.
        return milliseconds <= Longest.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw new DirectiveException($"'{text}' is longer than {Longest.TotalHours:0}h");
    }

    static TimeSpan Longest => TimeSpan.FromHours(24);

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h)$")]
    private static partial Regex Pattern();
}
