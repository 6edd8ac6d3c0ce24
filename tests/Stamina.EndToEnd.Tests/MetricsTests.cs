using System.Globalization;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

using static Stamina.EndToEnd.Tests.Infrastructure.MetricFamilies;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// The metrics as Prometheus would scrape them from a real fleet after a night in small: successes, a failing agent,
/// a repository that cannot be fetched and a usage limit. Names, types and label sets are the documented ones
/// (docs/metrics.md), and no label carries an item id.
/// </summary>
[TestFixture]
public sealed class MetricsTests : FleetTestBase
{
    private protected override FleetOptions Options => new()
    {
        Workers = 0,
        CoordinatorSettings = new Dictionary<string, string> { ["Stamina__Metrics__SnapshotInterval"] = "00:00:00.300" },
    };

    [Test]
    public async Task When_a_run_has_successes_a_failure_and_a_usage_limit_Should_export_the_documented_metrics_without_item_ids()
    {
        // Account a's first agent run hits a limit that lasts past the test; b has none.
        File.WriteAllText(Path.Combine(fleet.AccountDir("a"), "fake-agent.json"),
            JsonSerializer.Serialize(new { usageLimit = new { afterRuns = 0, resetInSeconds = 300, times = 1 } }));
        var portA = await StartWorkerWithMetricsAsync("worker-a", "a");
        var portB = await StartWorkerWithMetricsAsync("worker-b", "b");

        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
            ids.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = $"item {i}\nfake: succeed turns=2 delay=700ms cost=0.02" })).Id());
        var failing = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", maxAttempts = 1, prompt = "fake: fail turns=1" })).Id();
        var unfetchable = (await fleet.SubmitAsync(new { repo = Path.Combine(fleet.Root, "repos", "missing"), harness = "claude", maxAttempts = 1, prompt = "never runs" })).Id();

        // Gauges of work in progress are seen while it runs (the snapshot is taken every 0.3 s).
        await Eventually.UntilAsync(async () => (await ScrapeAsync(fleet.Api)).Of("stamina_attempts_running").Any(s => s.Value > 0),
            TimeSpan.FromSeconds(60), "a running attempt in stamina_attempts_running");
        foreach (var id in ids)
            await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(120));
        await fleet.WaitForStateAsync(failing, "Failed", TimeSpan.FromSeconds(60));
        await fleet.WaitForStateAsync(unfetchable, "Failed", TimeSpan.FromSeconds(60));
        var everyId = ids.Append(failing).Append(unfetchable).ToList();

        // The snapshot after the run: every item finished, account a resting.
        PrometheusScrape coordinator = null!;
        await Eventually.UntilAsync(async () =>
        {
            coordinator = await ScrapeAsync(fleet.Api);
            return Value(coordinator, "stamina_items", ("state", "Succeeded")) == 4 && Value(coordinator, "stamina_items", ("state", "Failed")) == 2
                && Value(coordinator, "stamina_account_limited", ("account", "a")) == 1;
        }, TimeSpan.FromSeconds(30), "the gauges to show the finished run and the resting account");
        AssertFamilies(coordinator, CoordinatorFamilies, required: true);
        AssertFamilies(coordinator, CoordinatorFamiliesWhenCounted, required: false);

        Assert.That(Value(coordinator, "stamina_items_finished_total", ("outcome", "succeeded")), Is.EqualTo(4));
        Assert.That(Value(coordinator, "stamina_items_finished_total", ("outcome", "failed")), Is.EqualTo(2));
        Assert.That(Value(coordinator, "stamina_attempts_ended_total", ("outcome", "released"), ("error_class", "usage_limit")), Is.EqualTo(1));
        Assert.That(Value(coordinator, "stamina_attempts_ended_total", ("error_class", "agent_error")), Is.EqualTo(1));
        Assert.That(Value(coordinator, "stamina_attempts_ended_total", ("error_class", "git")), Is.EqualTo(1));
        Assert.That(Value(coordinator, "stamina_account_limits_total", ("account", "a")), Is.EqualTo(1));
        Assert.That(Value(coordinator, "stamina_workers", ("account", "a"), ("state", "limited")), Is.EqualTo(1));
        var limitedUntil = Value(coordinator, "stamina_account_limited_until_timestamp_seconds", ("account", "a"));
        Assert.That(limitedUntil, Is.GreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds()), "a resets in the future");
        Assert.That(Value(coordinator, "stamina_attempt_duration_seconds_count", ("outcome", "succeeded"), ("harness", "claude")), Is.EqualTo(4));
        Assert.That(Value(coordinator, "stamina_agent_tokens_total", ("type", "output"), ("account", "b")), Is.GreaterThan(0));
        Assert.That(Value(coordinator, "stamina_agent_cost_usd_total", ("harness", "claude")), Is.GreaterThan(0));
        AssertNoItemIds(coordinator, everyId);

        var workers = new[] { await ScrapeAsync(Local(portA)), await ScrapeAsync(Local(portB)) };
        foreach (var worker in workers)
        {
            AssertFamilies(worker, WorkerFamilies, required: false);
            AssertNoItemIds(worker, everyId);
        }
        foreach (var (name, type, _) in WorkerFamilies)
            Assert.That(workers.Any(w => w.Types.GetValueOrDefault(name) == type), $"{name} ({type}) on some worker");
        Assert.That(Value(workers[0], "stamina_worker_agent_runs_total", ("ending", "usage_limit"), ("harness", "claude")), Is.EqualTo(1));
        Assert.That(workers.Sum(w => Value(w, "stamina_worker_agent_runs_total", ("ending", "agent_error"))), Is.EqualTo(1));
        Assert.That(workers.Sum(w => Value(w, "stamina_worker_git_failures_total", ("operation", "fetch"))), Is.EqualTo(1));
        Assert.That(workers.Sum(w => Value(w, "stamina_worker_git_push_seconds_count")), Is.GreaterThanOrEqualTo(5), "every agent run pushed its branch");
    }

    async Task<int> StartWorkerWithMetricsAsync(string name, string account)
    {
        var port = FreePorts.Next();
        var environment = new Dictionary<string, string>();
        foreach (var harness in new[] { "claude", "codex", "gemini" })
            environment[$"Stamina__Accounts__{account}__{harness}"] = fleet.AccountDir(account);
        var worker = fleet.LaunchWorker(name, ["--pool", "default", "--name", name, "--account", account,
            "--work-dir", Path.Combine(fleet.Root, "workers", name), "--urls", $"http://127.0.0.1:{port}"], environment);
        await fleet.WaitForWorkerAsync(worker, name);
        return port;
    }

    static HttpClient Local(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };

    static async Task<PrometheusScrape> ScrapeAsync(HttpClient client) => new(await client.GetStringAsync("/metrics"));

}
