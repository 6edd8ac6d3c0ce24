using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class FleetRunTests(FleetMode mode) : FleetTestBase(mode)
{
    private protected override FleetOptions Options => new() { Workers = 3 };

    [Test]
    public async Task When_thirty_items_run_on_three_workers_Should_each_succeed_once_with_exactly_its_commit()
    {
        var baseCommit = fleet.Repository.Head();
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            var item = await fleet.SubmitAsync(new
            {
                repo = fleet.Repository.Path,
                baseRef = "main",
                prompt = $"task {i}",
                command = new[] { "sh", "-c", "printf '%s' \"$STAMINA_PROMPT\" > \"out-$STAMINA_ITEM_ID.txt\"" },
            });
            ids.Add(item.Id());
        }

        var finished = new Dictionary<Guid, JsonElement>();
        foreach (var id in ids)
            finished[id] = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromMinutes(3));

        for (var i = 0; i < ids.Count; i++)
        {
            var item = finished[ids[i]];
            Assert.That(item.Attempts(), Has.Count.EqualTo(1), $"item {i} ran once");
            var result = item.Result();
            var branch = result.GetProperty("branch").GetString()!;
            Assert.That(result.GetProperty("baseCommit").GetString(), Is.EqualTo(baseCommit));
            Assert.That(fleet.Repository.Git("rev-list", "--count", $"{baseCommit}..{branch}"), Is.EqualTo("1"));
            Assert.That(fleet.Repository.Git("rev-parse", $"{branch}^"), Is.EqualTo(baseCommit));
            Assert.That(fleet.Repository.Show(branch, $"out-{ids[i]}.txt"), Is.EqualTo($"task {i}"));
            Assert.That((result.GetProperty("filesChanged").GetInt32(), result.GetProperty("insertions").GetInt32()), Is.EqualTo((1, 1)));
        }

        var metrics = await fleet.Api.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("stamina_claims_granted_total").And.Contain("stamina_attempts_ended_total")
            .And.Contain("stamina_dispatch_published_total"), "the coordinator's own meter is scraped on /metrics");

        if (Mode == FleetMode.Local)
            return;
        var queue = await fleet.VirtualHost.GetQueueAsync("stamina.pool.default");
        Assert.That(queue, Is.Not.Null);
        Assert.That((queue!.Type, queue.Consumers), Is.EqualTo(("quorum", 3)));
    }
}
