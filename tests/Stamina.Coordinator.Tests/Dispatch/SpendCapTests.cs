using Dapper;
using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Spend;
using Stamina.Coordinator.Stats;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Dispatch;

[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class SpendCapTests(string kind)
{
    [Test]
    public async Task When_the_daily_cap_is_reached_Should_release_nothing_and_say_why_until_the_day_ends()
    {
        await using var store = await StoreHarness.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Stamina:Spend:DailyUsd"] = "1.00",
            ["Stamina:Spend:TimeZone"] = "Europe/Berlin",
        });
        var first = await store.SubmitAsync();
        await store.ClaimAsync(first, 1, GateHarness.Worker());
        await GateHarness.SucceedAsync(store, first, "w1", new AgentProgress { CostUsd = 1.25m });
        var next = await store.SubmitAsync();

        Assert.That(await GateHarness.Dispatcher(store).DispatchOnceAsync(default), Is.Zero);
        var waiting = await GateHarness.WaitingAsync(store, next);
        Assert.That(waiting?.Kind, Is.EqualTo(WaitingKinds.Cap));
        Assert.That(waiting?.Detail, Does.StartWith("the daily spend cap of $1.00 is reached ($1.25 spent on 2026-11-25, Europe/Berlin)"));
        // 21:00 UTC on 25 November is 22:00 in Berlin: the day ends at 23:00 UTC.
        Assert.That(waiting?.Until, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero)));
        var stats = await store.Get<StatsQueries>().GetAsync(default);
        Assert.That(stats.Dispatch.CapsReached.Select(c => (c.Kind, c.SpentUsd)), Is.EqualTo(new[] { ("day", 1.25m) }));

        store.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 23, 0, 1, TimeSpan.Zero));
        Assert.That(await GateHarness.Dispatcher(store).DispatchOnceAsync(default), Is.EqualTo(1), "a new day");
    }

    [Test]
    public async Task When_an_account_reaches_its_cap_Should_refuse_its_claims_and_let_another_account_take_the_item()
    {
        await using var store = await StoreHarness.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Stamina:Spend:Accounts:alpha:DailyUsd"] = "2",
        });
        var first = await store.SubmitAsync();
        await store.ClaimAsync(first, 1, GateHarness.Worker("wa", "alpha"));
        await GateHarness.SucceedAsync(store, first, "wa", new AgentProgress { CostUsd = 2.5m }, "alpha");
        var next = await store.SubmitAsync();

        Assert.That(await GateHarness.Dispatcher(store).DispatchOnceAsync(default), Is.EqualTo(1), "other accounts go on: the item is released");
        var answer = await GateHarness.ClaimAsync(store, next, GateHarness.Worker("wa", "alpha"));
        Assert.That(answer.Is(out Response<ClaimRejected>? rejected), Is.True);
        Assert.That(rejected!.Message.AccountLimitedUntil, Is.EqualTo(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)), "until the (UTC) day ends");
        Assert.That(rejected.Message.Reason, Does.StartWith("account alpha reached its daily spend cap of $2.00 ($2.50 spent"));
        await store.ClaimAsync(next, 1, GateHarness.Worker("wb", "beta"));

        var stats = await store.Get<StatsQueries>().GetAsync(default);
        Assert.That(stats.Dispatch.CapsReached.Select(c => (c.Kind, c.Key)), Is.EqualTo(new[] { ("account", "alpha") }));
    }

    [Test]
    public async Task When_a_batch_reaches_its_cap_Should_hold_only_that_batchs_items()
    {
        await using var store = await StoreHarness.StartAsync(kind, new Dictionary<string, string?> { ["Stamina:Spend:PerBatchUsd"] = "1" });
        var batch = Guid.NewGuid();
        var first = await store.SubmitAsync();
        var second = await store.SubmitAsync();
        var alone = await store.SubmitAsync();
        await using (var connection = await store.Database.OpenConnectionAsync(default))
            await connection.ExecuteAsync("update work_items set batch_id = @batch where id in (@first, @second)", new { batch, first, second });
        await store.ClaimAsync(first, 1, GateHarness.Worker());
        await GateHarness.SucceedAsync(store, first, "w1", new AgentProgress { CostUsd = 1.5m });

        Assert.That(await GateHarness.Dispatcher(store, workers: 5).DispatchOnceAsync(default), Is.EqualTo(1));
        Assert.That(await GateHarness.PublishedAsync(store), Is.EqualTo(new[] { alone }));
        var waiting = await GateHarness.WaitingAsync(store, second);
        Assert.That((waiting?.Kind, waiting?.Detail), Is.EqualTo((WaitingKinds.Cap, $"batch {batch} reached its spend cap of $1.00 ($1.50 spent)")));
        var stats = await store.Get<StatsQueries>().GetAsync(default);
        Assert.That(stats.Dispatch.CapsReached.Select(c => (c.Kind, c.Key)), Is.EqualTo(new[] { ("batch", batch.ToString()) }));
    }

    [Test]
    public async Task When_a_Codex_run_reports_tokens_only_Should_price_them_from_the_table_and_count_them_against_the_caps()
    {
        await using var store = await StoreHarness.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Stamina:Prices:gpt-5-codex:InputPerMillionUsd"] = "1.25",
            ["Stamina:Prices:gpt-5-codex:CachedInputPerMillionUsd"] = "0.125",
            ["Stamina:Prices:gpt-5-codex:OutputPerMillionUsd"] = "10",
            ["Stamina:Spend:DailyUsd"] = "2",
        });
        var id = await store.SubmitAsync();
        await store.ClaimAsync(id, 1, GateHarness.Worker());
        await GateHarness.SucceedAsync(store, id, "w1", new AgentProgress
        {
            Model = "gpt-5-codex",
            InputTokens = 1_000_000,
            CacheReadTokens = 400_000,
            OutputTokens = 100_000,
        });

        // 600k uncached × $1.25 + 400k cached × $0.125 + 100k out × $10, per million: 0.75 + 0.05 + 1.00.
        var item = await store.Get<ItemQueries>().GetAsync(id, default);
        Assert.That(item!.CostUsd, Is.EqualTo(1.80m));
        Assert.That(item.Attempts[0].CostUsd, Is.EqualTo(1.80m));
        var unpriced = await store.SubmitAsync();
        await store.ClaimAsync(unpriced, 1, GateHarness.Worker());
        await GateHarness.SucceedAsync(store, unpriced, "w1", new AgentProgress { Model = "gemini-unknown", InputTokens = 5_000_000 });
        Assert.That((await store.Get<ItemQueries>().GetAsync(unpriced, default))!.CostUsd, Is.Null, "a model without a price has no cost");
        Assert.That((await store.Get<StatsQueries>().GetAsync(default)).Dispatch.CapsReached, Is.Empty, "$1.80 is under the $2 cap");
    }
}
