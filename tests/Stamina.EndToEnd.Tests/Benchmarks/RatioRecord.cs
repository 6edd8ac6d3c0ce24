using System.Globalization;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// One ratio of a run, with the goal and the regression bound a quick run must keep to. Written as one
/// tab-separated line of <c>{part}.ratios.tsv</c>, which <c>scripts/bench.sh</c> turns into the summary table and checks.
/// </summary>
sealed record RatioRecord(string Name, double Value, RatioBound Goal, RatioBound Bound)
{
    /// <summary>The columns of a line, as scripts/bench.sh prints them above its table.</summary>
    public const string Header = "ratio\tvalue\tgoal\tgoal met\tregression bound\tverdict";

    /// <summary>"ok" when the value keeps to the regression bound, else "regressed": the word bench.sh looks for.</summary>
    public string Verdict => Bound.Holds(Value) ? "ok" : "regressed";

    public string ToLine() => string.Join('\t',
        Name, Value.ToString("0.000", CultureInfo.InvariantCulture), Goal, Goal.Holds(Value) ? "yes" : "no", Bound, Verdict);
}
