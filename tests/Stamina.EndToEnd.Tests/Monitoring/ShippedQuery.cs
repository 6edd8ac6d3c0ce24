namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>One PromQL expression of a shipped file, and where it is (for a failure message a reader can act on).</summary>
/// <param name="IsCondition">An alert's condition: evaluated in its <c>bool</c> form (see <see cref="PromQlForms.ConditionAsBool"/>).</param>
/// <param name="LegendLabels">The labels a panel's legend or an alert's annotations show (<c>{{account}}</c>, <c>{{ $labels.pool }}</c>): some series of the result must carry each.</param>
sealed record ShippedQuery(string Source, string Expression, bool IsCondition, IReadOnlyList<string> LegendLabels)
{
    public override string ToString() => $"{Source}: {Expression}";
}
