using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;
using static Stamina.EndToEnd.Tests.Infrastructure.MetricFamilies;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// <c>stamina local</c> serves the coordinator's and the workers' meters on its one /metrics, with the gauges read
/// from its SQLite file by the same snapshot as on PostgreSQL.
/// </summary>
[TestFixture]
public sealed class LocalMetricsTests() : FleetTestBase(FleetMode.Local)
{
    private protected override FleetOptions Options => new()
    {
        Workers = 1,
        CoordinatorSettings = new Dictionary<string, string> { ["Stamina__Metrics__SnapshotInterval"] = "00:00:00.300" },
    };

    static readonly string[] Required =
    [
        "stamina_items", "stamina_queue_oldest_age_seconds", "stamina_workers", "stamina_attempts_running", "stamina_items_finished_total",
        "stamina_attempts_ended_total", "stamina_attempt_duration_seconds", "stamina_agent_tokens_total", "stamina_agent_cost_usd_total",
        "stamina_worker_worktree_setup_seconds", "stamina_worker_git_fetch_seconds", "stamina_worker_git_push_seconds", "stamina_worker_agent_runs_total",
    ];

    [Test]
    public async Task When_a_local_run_has_a_success_and_a_failure_Should_export_the_gauges_from_sqlite_and_the_worker_meter()
    {
        var succeeded = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake: succeed turns=2 delay=700ms cost=0.02" })).Id();
        var failed = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", maxAttempts = 1, prompt = "fake: fail turns=1" })).Id();

        await Eventually.UntilAsync(async () => Value(await ScrapeAsync(), "stamina_attempts_running", ("harness", "claude")) > 0,
            TimeSpan.FromSeconds(60), "a running attempt in stamina_attempts_running");
        await fleet.WaitForStateAsync(succeeded, "Succeeded", TimeSpan.FromSeconds(60));
        await fleet.WaitForStateAsync(failed, "Failed", TimeSpan.FromSeconds(60));

        PrometheusScrape scrape = null!;
        await Eventually.UntilAsync(async () =>
        {
            scrape = await ScrapeAsync();
            return Value(scrape, "stamina_items", ("state", "Succeeded")) == 1 && Value(scrape, "stamina_items", ("state", "Failed")) == 1
                && Value(scrape, "stamina_attempts_running") == 0;
        }, TimeSpan.FromSeconds(30), "the gauges to show the finished run");

        foreach (var name in Required)
            Assert.That(scrape.Types.ContainsKey(name), $"{name} on the local /metrics");
        AssertFamilies(scrape, [.. CoordinatorFamilies, .. CoordinatorFamiliesWhenCounted, .. WorkerFamilies], required: false);
        Assert.That(Value(scrape, "stamina_items", ("state", "Queued")), Is.Zero, "a drained queue reads 0");
        Assert.That(Value(scrape, "stamina_queue_oldest_age_seconds"), Is.Zero);
        Assert.That(Value(scrape, "stamina_items_finished_total", ("outcome", "failed")), Is.EqualTo(1));
        Assert.That(Value(scrape, "stamina_worker_agent_runs_total", ("ending", "succeeded")), Is.EqualTo(1));
        Assert.That(Value(scrape, "stamina_worker_agent_runs_total", ("ending", "agent_error")), Is.EqualTo(1));
        AssertNoItemIds(scrape, [succeeded, failed]);
    }

    async Task<PrometheusScrape> ScrapeAsync() => new(await fleet.Api.GetStringAsync("/metrics"));
}
