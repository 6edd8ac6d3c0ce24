using System.Globalization;
using System.Text.Json;
using MassTransit;
using Stamina.Contracts;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>
/// A real Prometheus scrapes a real fleet (coordinator, workers with --urls, RabbitMQ's own plugin) through the jobs and
/// relabelling of deploy/prometheus/prometheus.yml, while the fleet runs a success, a failure, a reclaim, a forged
/// report, a usage limit and a login failure. Then every PromQL expression of the dashboard and of the alert rules,
/// read from the shipped files, must return data. Fleet mode only: local mode has no broker and no worker endpoints.
/// </summary>
[TestFixture]
public sealed class PrometheusDashboardTests : FleetTestBase
{
    // The gauges follow the database every 0.5 s instead of 5 s, so the run's end shows up sooner.
    private protected override FleetOptions Options => new()
    {
        Workers = 0,
        CoordinatorSettings = new Dictionary<string, string> { ["Stamina__Metrics__SnapshotInterval"] = "00:00:00.500" },
    };

    [Test]
    public async Task Every_dashboard_and_alert_query_Should_return_data_from_a_live_prometheus_scraping_the_fleet()
    {
        var (server, promtool) = PrometheusBinaries.RequireOrSkip();
        var workers = new Dictionary<string, int>();
        foreach (var (name, account) in new[] { ("w1", "night-a"), ("w2", "night-b"), ("w3", "night-c") })
            workers[name] = await StartWorkerWithMetricsAsync(name, account);

        var directory = Directory.CreateDirectory(Path.Combine(fleet.Root, "prometheus")).FullName;
        var config = FleetScrapeConfig.Write(DeployFiles.PrometheusConfig, new Dictionary<string, IReadOnlyList<string>>
        {
            ["stamina-coordinator"] = [$"127.0.0.1:{fleet.Port}"],
            ["stamina-workers"] = [.. workers.Values.Select(port => $"127.0.0.1:{port}")],
            ["rabbitmq"] = [$"{TestEnvironment.RabbitMqManagementUri.Host}:15692"],
        }, directory);
        var check = await PromTool.RunAsync(promtool, "check", "config", config);
        Assert.That(check.ExitCode, Is.Zero, check.Output);
        await using var prometheus = await PrometheusServer.StartAsync(server, config, Path.Combine(directory, "data"));
        try
        {
            await RunTheNightAsync(prometheus);
            await AssertEveryQueryReturnsDataAsync(prometheus);
            await AssertTargetsAndRulesAsync(prometheus, workers.Count);
            // The shared broker serves every vhost's queues: this fleet's own pool queue must be among the broker series.
            var pool = await prometheus.QueryAsync($"rabbitmq_queue_consumers{{vhost=\"{fleet.VirtualHost.Name}\",queue=\"stamina.pool.default\"}}");
            Assert.That(pool, Has.Count.EqualTo(1), "this fleet's pool queue in RabbitMQ's own metrics");
        }
        catch
        {
            foreach (var line in prometheus.Output)
                await TestContext.Out.WriteLineAsync("prometheus: " + line);
            throw;
        }
    }

    /// <summary>A worker as <see cref="Fleet.StartWorkerAsync"/> starts one, but on a known port so that Prometheus can be told it.</summary>
    async Task<int> StartWorkerWithMetricsAsync(string name, string account)
    {
        var port = FreePorts.Next();
        var settings = new[] { "claude", "codex", "gemini" }.ToDictionary(harness => $"Stamina__Accounts__{account}__{harness}", _ => fleet.AccountDir(account));
        var worker = fleet.LaunchWorker(name,
            ["--pool", "default", "--name", name, "--account", account, "--work-dir", Path.Combine(fleet.Root, "workers", name),
                "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], settings);
        await fleet.WaitForWorkerAsync(worker, name);
        return port;
    }

    /// <summary>
    /// A success, a failure, a reclaim (its holder killed), a forged result, then a usage limit and a login failure that
    /// leave one worker limited, one paused and work queued: every series the dashboard and the alerts look at.
    /// </summary>
    async Task RunTheNightAsync(PrometheusServer prometheus)
    {
        var pidFile = Path.Combine(fleet.Root, "attempt1.pid");
        var succeeded = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake: succeed turns=2 cost=0.05" })).Id();
        var failed = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake: fail", maxAttempts = 1 })).Id();
        var reclaimed = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        await fleet.WaitForStateAsync(succeeded, "Succeeded", TimeSpan.FromSeconds(60));
        await fleet.WaitForStateAsync(failed, "Failed", TimeSpan.FromSeconds(60));

        var running = await fleet.WaitForStateAsync(reclaimed, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the hanging command to start");
        // The running-attempt gauges exist once a snapshot and a scrape have seen one; the hang lasts until then.
        await Eventually.UntilAsync(async () => (await prometheus.QueryAsync("sum(stamina_attempts_running) > 0")).Count > 0,
            TimeSpan.FromSeconds(30), "Prometheus to see the running attempt");
        var holder = fleet.Workers.Single(worker => worker.Name == running.Text("holder"));
        holder.Signal(Signals.Kill);
        fleet.Retire(holder);
        await fleet.WaitForStateAsync(reclaimed, "Succeeded", TimeSpan.FromSeconds(60));

        await using (var intruder = await BrokerIntruder.ConnectAsync(fleet))
        {
            var forged = await intruder.AskAsync<CompleteAttempt, CompletionAccepted, CompletionRejected>(new CompleteAttempt
            {
                WorkItemId = succeeded,
                Attempt = 1,
                Worker = "w1",
                Outcome = AttemptOutcome.Failed,
            });
            Assert.That(forged.Is(out Response<CompletionRejected>? _), Is.True, "a forged result is refused");
        }

        // This fleet's own dead letter for the dashboard's panel, not one other tests left on the shared broker.
        await PoisonMessage.DeadLetterAsync(fleet);

        await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake[1]: usage-limit reset-in=10m" });
        await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake[1]: auth-failure" });
        await Eventually.UntilAsync(async () =>
        {
            var states = (await fleet.WorkersAsync()).Select(worker => worker.Text("state")).ToList();
            return states.Contains("limited") && states.Contains("paused");
        }, TimeSpan.FromSeconds(60), "one worker limited and one paused");
    }

    /// <summary>
    /// Polls until every expression answers a non-empty result carrying its legend's labels (the coordinator's gauges follow the database every few
    /// seconds, Prometheus scrapes every second); on the deadline, fails listing every expression still empty.
    /// </summary>
    static async Task AssertEveryQueryReturnsDataAsync(PrometheusServer prometheus)
    {
        var dashboard = ShippedDashboard.Load(DeployFiles.Dashboard);
        var queries = DeployFiles.AllQueries;
        Assert.That(queries.Count(query => query.IsCondition), Is.EqualTo(ShippedRules.Load(DeployFiles.AlertRules).Count));
        var empty = new List<string>();
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                empty.Clear();
                foreach (var query in queries)
                {
                    var expanded = PromQlForms.ExpandGrafanaVariables(query.Expression, dashboard.VariableNames);
                    // Also as written: an alert's condition must at least be valid PromQL.
                    await prometheus.QueryAsync(expanded);
                    var evaluated = query.IsCondition ? PromQlForms.ConditionAsBool(expanded) : expanded;
                    var result = await prometheus.QueryAsync(evaluated);
                    if (result.Count == 0)
                        empty.Add($"{query.Source}: {evaluated}");
                    foreach (var label in query.LegendLabels.Where(label => !result.Any(series => HasLabel(series, label))))
                        empty.Add($"{query.Source}: no series has the legend's label {label}: {evaluated}");
                }
                foreach (var (variable, metric, label) in dashboard.LabelValueVariables)
                {
                    var values = await prometheus.ApiAsync($"/api/v1/label/{label}/values?match[]={Uri.EscapeDataString(metric)}");
                    if (values.GetArrayLength() == 0)
                        empty.Add($"variable {variable}: label_values({metric}, {label})");
                }
                return empty.Count == 0;
            }, TimeSpan.FromSeconds(40), "every shipped query to return data");
        }
        catch (TimeoutException timeout)
        {
            Assert.Fail($"{timeout.Message}\nStill without data ({empty.Count} of {queries.Count}):\n  " + string.Join("\n  ", empty));
        }
    }

    static bool HasLabel(JsonElement series, string label) =>
        series.ValueKind == JsonValueKind.Object && series.TryGetProperty("metric", out var metric) && metric.TryGetProperty(label, out var value)
        && value.GetString() is { Length: > 0 };

    /// <summary>Relabelling gave the workers a machine; every rule evaluates without error; the killed worker is the only target down.</summary>
    static async Task AssertTargetsAndRulesAsync(PrometheusServer prometheus, int workers)
    {
        var targets = (await prometheus.ApiAsync("/api/v1/targets?state=active")).GetProperty("activeTargets").EnumerateArray().ToList();
        Assert.That(targets.Select(target => target.GetProperty("labels").GetProperty("job").GetString()).Distinct(),
            Is.EquivalentTo(new[] { "stamina-coordinator", "stamina-workers", "rabbitmq" }));
        var workerTargets = targets.Where(target => target.GetProperty("labels").GetProperty("job").GetString() == "stamina-workers").ToList();
        Assert.That(workerTargets.Select(target => target.GetProperty("labels").GetProperty("machine").GetString()), Is.All.EqualTo("127.0.0.1"),
            "the relabelling derives machine from the address");
        Assert.That(workerTargets.Count(target => target.GetProperty("health").GetString() == "up"), Is.EqualTo(workers - 1), "all but the killed worker");
        Assert.That(targets.Where(target => target.GetProperty("labels").GetProperty("job").GetString() != "stamina-workers")
            .Select(target => target.GetProperty("health").GetString()), Is.All.EqualTo("up"));

        var rules = (await prometheus.ApiAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray()
            .SelectMany(group => group.GetProperty("rules").EnumerateArray()).ToList();
        Assert.That(rules, Has.Count.EqualTo(ShippedRules.Load(DeployFiles.AlertRules).Count));
        foreach (var rule in rules)
            Assert.That(rule.GetProperty("health").GetString(), Is.EqualTo("ok"), $"rule {rule.GetProperty("name")}: {rule}");
    }
}
