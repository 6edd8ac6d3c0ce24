namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>The rewriting that lets a live Prometheus evaluate the shipped dashboard and alert conditions.</summary>
[TestFixture]
public sealed class PromQlFormsTests
{
    static readonly string[] Variables = ["pool", "account"];

    [TestCase("up == 0", "up == bool 0")]
    [TestCase("sum by (pool) (x{state!=\"paused\"}) > 0 and on (pool) y <= 2", "sum by (pool) (x{state!=\"paused\"}) > bool 0 and on (pool) y <= bool 2")]
    [TestCase("x >= 1 != 2 < 3", "x >= bool 1 != bool 2 < bool 3")]
    [TestCase("x > bool 0", "x > bool 0")]
    [TestCase("label_replace(x, \"a\", \"<=\", \"b\", \"(.*)\") > 1", "label_replace(x, \"a\", \"<=\", \"b\", \"(.*)\") > bool 1")]
    [TestCase("x{a=~\"b>c\", d!~'e'} / y", "x{a=~\"b>c\", d!~'e'} / y")]
    public void A_condition_Should_keep_every_series_by_comparing_with_bool(string condition, string expected) =>
        Assert.That(PromQlForms.ConditionAsBool(condition), Is.EqualTo(expected));

    [TestCase("x{a=\"b\" > 0", "without its '}'")]
    [TestCase("x} > 0", "without its '{'")]
    [TestCase("x{a=\"b} > 0", "unterminated string")]
    public void A_malformed_condition_Should_be_refused_naming_the_problem(string condition, string problem) =>
        Assert.That(() => PromQlForms.ConditionAsBool(condition), Throws.ArgumentException.With.Message.Contains(problem));

    [Test]
    public void Grafana_variables_Should_become_concrete_windows_and_match_all()
    {
        var expanded = PromQlForms.ExpandGrafanaVariables(
            "sum(rate(x{pool=~\"$pool\",account=~\"${account}\"}[$__rate_interval])) / sum(increase(x[$__range])) + sum(y[$__interval])", Variables);
        Assert.That(expanded, Is.EqualTo("sum(rate(x{pool=~\".*\",account=~\".*\"}[1m])) / sum(increase(x[10m])) + sum(y[15s])"));
    }

    [TestCase("rate(x[$__range_ms])", "$__range_ms")]
    [TestCase("x{machine=~\"$machine\"}", "$machine")]
    public void An_unknown_variable_Should_be_refused_naming_it(string expression, string variable) =>
        Assert.That(() => PromQlForms.ExpandGrafanaVariables(expression, Variables), Throws.ArgumentException.With.Message.Contains(variable));
}
