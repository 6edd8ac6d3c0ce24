using Stamina.Contracts;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Tests.Api;

/// <summary>The board's filters on both stores: label, account and submission time, alone and together.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class ItemFilterQueryTests(string kind) : StoreFixture(kind)
{
    static WorkItemSpec Spec(string team) => new()
    {
        Repo = "/srv/repo",
        BaseRef = "main",
        Harness = "command",
        Command = ["true"],
        Timeout = TimeSpan.FromMinutes(1),
        Labels = new Dictionary<string, string> { ["team"] = team, ["night.run"] = "7" },
    };

    [Test]
    public async Task Filters_Should_select_by_label_account_and_time()
    {
        var early = await Store.SubmitAsync("p1", Spec("red"));
        Store.Clock.Advance(TimeSpan.FromHours(2));
        var middle = await Store.SubmitAsync("p1", Spec("blue"));
        await Store.ClaimAsync(middle, 1, new WorkerIdentity { Name = "w1", Machine = "m1", Pool = "p1", Account = "night-shift" });
        Store.Clock.Advance(TimeSpan.FromHours(2));
        var late = await Store.SubmitAsync("p2", Spec("red"));
        var queries = Store.Get<ItemQueries>();
        var start = StoreHarness.Start;

        async Task<Guid[]> Ids(ItemFilter filter) => [.. (await queries.ListAsync(filter, default)).Select(i => i.Id)];

        Assert.That(await Ids(new ItemFilter { Label = new("team", "red") }), Is.EqualTo(new[] { late, early }));
        Assert.That(await Ids(new ItemFilter { Label = new("night.run", "7") }), Is.EqualTo(new[] { late, middle, early }));
        Assert.That(await Ids(new ItemFilter { Label = new("team", "green") }), Is.Empty);
        Assert.That(await Ids(new ItemFilter { Label = new("missing", "red") }), Is.Empty);
        Assert.That(await Ids(new ItemFilter { Account = "night-shift" }), Is.EqualTo(new[] { middle }));
        Assert.That(await Ids(new ItemFilter { Account = "day-shift" }), Is.Empty);
        Assert.That(await Ids(new ItemFilter { Since = start.AddHours(1) }), Is.EqualTo(new[] { late, middle }));
        Assert.That(await Ids(new ItemFilter { Until = start.AddHours(3) }), Is.EqualTo(new[] { middle, early }));
        Assert.That(await Ids(new ItemFilter { Since = start.AddHours(2), Until = start.AddHours(4) }), Is.EqualTo(new[] { middle }),
            "since is inclusive, until exclusive");
        Assert.That(await Ids(new ItemFilter { Label = new("team", "red"), Pool = "p1", State = "Queued" }), Is.EqualTo(new[] { early }));
        Assert.That(await Ids(new ItemFilter { Label = new("team", "red"), Limit = 1 }), Is.EqualTo(new[] { late }));
    }

    [Test]
    public async Task A_label_value_with_quotes_and_sql_Should_be_compared_as_text()
    {
        var odd = "x' or '1'='1";
        var id = await Store.SubmitAsync("p1", Spec(odd));
        await Store.SubmitAsync("p1", Spec("plain"));

        var found = await Store.Get<ItemQueries>().ListAsync(new ItemFilter { Label = new("team", odd) }, default);

        Assert.That(found.Select(i => i.Id), Is.EqualTo(new[] { id }));
    }
}
