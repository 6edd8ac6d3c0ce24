using System.Text;
using System.Text.RegularExpressions;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>
/// Turns the PromQL of the shipped dashboard and rules into what a live Prometheus can evaluate: Grafana's template
/// variables replaced by concrete values, and alert conditions in their <c>bool</c> form.
/// </summary>
static partial class PromQlForms
{
    /// <summary>Grafana's built-in variables, as they would be for a short run scraped every second.</summary>
    static readonly Dictionary<string, string> BuiltIns = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "10m",
    };

    static readonly string[] ComparisonOperators = ["==", "!=", ">=", "<=", ">", "<"];

    /// <summary>
    /// Replaces <c>$__rate_interval</c>, <c>$__interval</c> and <c>$__range</c> by fixed windows and every dashboard
    /// variable (<c>$pool</c>, <c>${account}</c>) by <c>.*</c>, the value of "All" in a regex matcher.
    /// </summary>
    /// <exception cref="ArgumentException">A built-in variable this check does not know (it would be sent as is).</exception>
    public static string ExpandGrafanaVariables(string expression, IReadOnlyCollection<string> dashboardVariables) =>
        Variable().Replace(expression, match =>
        {
            var name = match.Groups["name"].Value;
            if (BuiltIns.TryGetValue(name, out var value))
                return value;
            if (dashboardVariables.Contains(name))
                return ".*";
            throw new ArgumentException($"unknown Grafana variable ${name} in: {expression}", nameof(expression));
        });

    /// <summary>
    /// Makes every comparison a <c>bool</c> one (<c>x &gt; 0</c> → <c>x &gt; bool 0</c>): the condition then keeps every
    /// series it compares, valued 0 or 1, so "returns data" proves each metric and label it names exists even while
    /// the alert would not fire. Matchers inside <c>{}</c> and string literals are left alone.
    /// </summary>
    /// <exception cref="ArgumentException">Unbalanced braces or an unterminated string.</exception>
    public static string ConditionAsBool(string expression)
    {
        var result = new StringBuilder(expression.Length + 16);
        var braces = 0;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c is '"' or '\'' or '`')
            {
                var end = EndOfString(expression, i);
                result.Append(expression, i, end - i + 1);
                i = end;
                continue;
            }
            if (c == '{')
                braces++;
            else if (c == '}' && --braces < 0)
                throw new ArgumentException($"a '}}' without its '{{' at {i} in: {expression}", nameof(expression));
            var comparison = braces == 0 ? ComparisonAt(expression, i) : null;
            if (comparison is null)
            {
                result.Append(c);
                continue;
            }
            result.Append(comparison);
            i += comparison.Length - 1;
            if (!BoolFollows().IsMatch(expression.AsSpan(i + 1)))
                result.Append(" bool");
        }
        return braces == 0 ? result.ToString() : throw new ArgumentException($"a '{{' without its '}}' in: {expression}", nameof(expression));
    }

    static string? ComparisonAt(string expression, int index)
    {
        foreach (var comparison in ComparisonOperators)
        {
            if (string.CompareOrdinal(expression, index, comparison, 0, comparison.Length) == 0)
                return comparison;
        }
        return null;
    }

    static int EndOfString(string expression, int start)
    {
        var quote = expression[start];
        for (var i = start + 1; i < expression.Length; i++)
        {
            if (expression[i] == '\\' && quote != '`')
                i++;
            else if (expression[i] == quote)
                return i;
        }
        throw new ArgumentException($"an unterminated string starting at {start} in: {expression}", nameof(expression));
    }

    [GeneratedRegex(@"\$(?:\{(?<name>\w+)\}|(?<name>\w+))")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\s+bool\b")]
    private static partial Regex BoolFollows();
}
