using Dapper;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Dispatch;

/// <summary>Higher priority first, first in first out within one, and an item that waited long enough is raised.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class AgingTests(string kind) : StoreFixture(kind)
{
    [Test]
    public async Task When_items_wait_together_Should_order_by_priority_then_submission_and_raise_one_per_aging_step()
    {
        var old = await Store.SubmitAsync(priority: 0);
        Store.Clock.Advance(TimeSpan.FromMinutes(61));
        var a = await Store.SubmitAsync(priority: 1);
        var b = await Store.SubmitAsync(priority: 3);
        var c = await Store.SubmitAsync(priority: 1);
        var tie = await Store.SubmitAsync(priority: 2);

        // The old item has waited two whole steps of 30 minutes: it counts as priority 2, and it is older than 'tie'.
        Assert.That(await CandidatesAsync(new DispatchSettings()), Is.EqualTo(new[] { b, old, tie, a, c }));
        Assert.That(await CandidatesAsync(new DispatchSettings { AgingMaxBoost = 1 }), Is.EqualTo(new[] { b, tie, old, a, c }), "capped at +1: ties with priority 1 and is older");
        Assert.That(await CandidatesAsync(new DispatchSettings { AgingMaxBoost = 0 }), Is.EqualTo(new[] { b, tie, a, c, old }), "aging off");
    }

    [TestCase(10, 8)]
    [TestCase(0, -1)]
    public async Task When_new_high_priority_items_keep_coming_Should_still_run_an_old_low_one(int maxBoost, int expectedTurn)
    {
        var settings = new DispatchSettings { Buffer = 1, AgingMaxBoost = maxBoost };
        var old = await Store.SubmitAsync(priority: 0);
        var claimed = new List<Guid>();
        // Every 10 minutes two items of priority 2 arrive and one worker takes one item: urgent work never runs out.
        for (var round = 0; round < 12 && !claimed.Contains(old); round++)
        {
            Store.Clock.Advance(TimeSpan.FromMinutes(10));
            await Store.SubmitAsync(priority: 2);
            await Store.SubmitAsync(priority: 2);
            Assert.That(await GateHarness.Dispatcher(Store, workers: 0, settings: settings).DispatchOnceAsync(default), Is.EqualTo(1));
            var next = (await GateHarness.PublishedAsync(Store)).Single();
            await Store.ClaimAsync(next, 1, GateHarness.Worker());
            claimed.Add(next);
        }
        // The waiting urgent items age too, so the old one must outgrow the oldest of them: at 90 minutes it counts 0 + 3,
        // the oldest urgent one left (from minute 50) 2 + 1, and the tie goes to the older. Without aging: never.
        Assert.That(claimed.IndexOf(old), Is.EqualTo(expectedTurn));
    }

    async Task<List<Guid>> CandidatesAsync(DispatchSettings settings)
    {
        await using var connection = await Store.Database.OpenConnectionAsync(default);
        var now = Store.Clock.GetUtcNow();
        return [.. (await connection.QueryAsync<DispatchCandidate>(DispatchQueries.Candidates(Store.Database.Dialect, ""), new
        {
            pool = "default",
            now,
            republishBefore = now,
            limit = 10,
            agingSeconds = settings.AgingAfter.TotalSeconds,
            agingMax = settings.AgingMaxBoost,
        })).Select(c => c.Id)];
    }
}
