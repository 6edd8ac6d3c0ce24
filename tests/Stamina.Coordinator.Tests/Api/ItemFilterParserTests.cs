using Stamina.Coordinator.Items;

namespace Stamina.Coordinator.Tests.Api;

public sealed class ItemFilterParserTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    static (ItemFilter? Filter, Dictionary<string, string[]> Errors) Parse(string? state = null, string? pool = null, string? label = null,
        string? account = null, string? since = null, string? until = null, string? limit = null) =>
        ItemFilterParser.Parse(state, pool, label, account, since, until, limit, Now);

    [Test]
    public void Good_values_Should_read_into_the_filter()
    {
        var (filter, errors) = Parse("succeeded", "night-pool", "team=red=blue", "acct 1", "12h", "2026-12-06T07:30:00Z", "50");

        Assert.That(errors, Is.Empty);
        Assert.That(filter, Is.EqualTo(new ItemFilter
        {
            State = "Succeeded",
            Pool = "night-pool",
            Label = new("team", "red=blue"),
            Account = "acct 1",
            Since = Now.AddHours(-12),
            Until = new DateTimeOffset(2026, 12, 6, 7, 30, 0, TimeSpan.Zero),
            Limit = 50,
        }));
        Assert.That(Parse().Filter, Is.EqualTo(new ItemFilter()), "no parameters: everything, newest 100");
        Assert.That(Parse(label: "team=").Filter!.Label, Is.EqualTo(new KeyValuePair<string, string>("team", "")), "an empty value is a value");
        Assert.That(Parse(since: "2026-12-05T22:00:00+02:00").Filter!.Since, Is.EqualTo(new DateTimeOffset(2026, 12, 5, 20, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("state", "Sleeping")]
    [TestCase("pool", "Night Pool")]
    [TestCase("pool", "")]
    [TestCase("label", "team")]
    [TestCase("label", "=red")]
    [TestCase("label", "te am=red")]
    [TestCase("label", "team=red\nblue")]
    [TestCase("account", "")]
    [TestCase("account", "a\u0000b")]
    [TestCase("since", "yesterday")]
    [TestCase("since", "-5h")]
    [TestCase("since", "99999999999h")]
    [TestCase("until", "2026-13-40T00:00:00Z")]
    [TestCase("limit", "0")]
    [TestCase("limit", "1001")]
    [TestCase("limit", "+5")]
    [TestCase("limit", "ten")]
    public void A_bad_value_Should_be_refused_naming_its_parameter(string parameter, string value)
    {
        var (filter, errors) = parameter switch
        {
            "state" => Parse(state: value),
            "pool" => Parse(pool: value),
            "label" => Parse(label: value),
            "account" => Parse(account: value),
            "since" => Parse(since: value),
            "until" => Parse(until: value),
            _ => Parse(limit: value),
        };

        Assert.That(filter, Is.Null);
        Assert.That(errors.Keys, Is.EqualTo(new[] { parameter }));
        Assert.That(errors[parameter].Single(), Is.Not.Empty);
    }

    [Test]
    public void Until_before_since_Should_be_refused_and_every_bad_parameter_named()
    {
        Assert.That(Parse(since: "1h", until: "2h").Errors.Keys, Is.EqualTo(new[] { "until" }));
        Assert.That(Parse(state: "x", limit: "0", since: "soon").Errors.Keys, Is.EquivalentTo(new[] { "state", "limit", "since" }));
    }
}
