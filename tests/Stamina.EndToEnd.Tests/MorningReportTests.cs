using System.Globalization;
using System.Net;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// The morning report and windowed stats over a real run with a success, two failures that differ only in numbers
/// and paths, and a usage limit; read through the API and through the CLI, as Markdown and as JSON.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class MorningReportTests(FleetMode mode) : FleetTestBase(mode)
{
    Dictionary<string, string> Cli => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    [Test]
    public async Task After_a_night_with_a_success_failures_and_a_limit_Should_report_each_item_account_and_failure_signature()
    {
        var succeeded = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "Add a greeting\nfake: succeed turns=2 cost=0.05" })).Id();
        var limited = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "Tidy the parser\nfake[1]: usage-limit reset-in=3s" })).Id();
        var failedA = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 1,
            command = new[] { "sh", "-c", "echo 'cannot open /tmp/run-17/cache.db: error 42 at 2026-12-06T01:02:03Z' >&2; exit 3" },
        })).Id();
        var failedB = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 1,
            command = new[] { "sh", "-c", "echo 'cannot open /var/tmp/other/x.db: error 7 at 2026-12-06T04:05:06Z' >&2; exit 3" },
        })).Id();
        foreach (var id in new[] { succeeded, limited })
            await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(120));
        foreach (var id in new[] { failedA, failedB })
            await fleet.WaitForStateAsync(id, "Failed", TimeSpan.FromSeconds(60));

        using var report = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/report?since=1h"));
        var root = report.RootElement;
        var totals = root.GetProperty("totals");
        Assert.That((Int(totals, "items"), Int(totals, "succeeded"), Int(totals, "failed"), Int(totals, "attempts"), Int(totals, "limits")),
            Is.EqualTo((4, 2, 2, 5, 1)));
        var window = root.GetProperty("window");
        Assert.That(window.GetProperty("to").GetDateTimeOffset() - window.GetProperty("from").GetDateTimeOffset(), Is.EqualTo(TimeSpan.FromHours(1)));

        var items = root.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid());
        var success = items[succeeded];
        Assert.That((success.Text("outcome"), Int(success, "attempts"), success.Text("title")), Is.EqualTo(("Succeeded", 1, "Add a greeting")));
        Assert.That(success.Text("branch"), Is.Not.Null.And.Not.Empty);
        Assert.That(Int(success.GetProperty("diff"), "filesChanged"), Is.GreaterThanOrEqualTo(1), "the fake agent writes FAKE_AGENT.md");
        Assert.That(success.GetProperty("costUsd").GetDecimal(), Is.GreaterThan(0m));
        Assert.That(success.GetProperty("durationSeconds").GetDouble(), Is.GreaterThan(0));
        Assert.That((items[limited].Text("outcome"), Int(items[limited], "attempts")), Is.EqualTo(("Succeeded", 2)));
        Assert.That((items[failedA].Text("outcome"), items[failedA].Text("errorClass")), Is.EqualTo(("Failed", "exit")));

        var failure = root.GetProperty("failures").EnumerateArray().Single();
        Assert.That(Int(failure, "count"), Is.EqualTo(2), "messages differing only in numbers, paths and times are one signature");
        Assert.That(failure.GetProperty("itemIds").EnumerateArray().Select(i => i.GetGuid()), Is.EquivalentTo(new[] { failedA, failedB }));
        Assert.That(failure.Text("signature"), Is.EqualTo("exit: cannot open <path>: error <n> at <time>"));

        var accounts = root.GetProperty("accounts").EnumerateArray().ToList();
        var limit = accounts.SelectMany(a => a.GetProperty("limits").EnumerateArray()).Single();
        Assert.That(limit.GetProperty("itemId").GetGuid(), Is.EqualTo(limited));
        Assert.That(limit.GetProperty("until").GetDateTimeOffset(), Is.GreaterThan(limit.GetProperty("at").GetDateTimeOffset()));
        Assert.That(accounts.Sum(a => Int(a, "attempts")), Is.EqualTo(5));
        foreach (var account in accounts)
        {
            var utilisation = account.GetProperty("utilisation").GetDouble();
            Assert.That(utilisation, Is.GreaterThan(0).And.LessThanOrEqualTo(1), account.Text("account"));
            Assert.That(account.GetProperty("busySeconds").GetDouble(), Is.GreaterThan(0));
        }

        var markdown = await CliRun.RunAsync(Cli, "report", "--since", "1h");
        Assert.That(markdown.ExitCode, Is.EqualTo(0), markdown.Error);
        Assert.That(markdown.Output, Does.StartWith("# Stamina report: "));
        Assert.That(markdown.Output, Does.Contain("**4 items**: 2 succeeded, 2 failed"));
        Assert.That(markdown.Output, Does.Contain("| Item | Outcome | Branch | Diff | Cost | Duration | Attempts |"));
        foreach (var id in new[] { succeeded, limited, failedA, failedB })
            Assert.That(markdown.Output, Does.Contain($"`{id.ToString()[..8]}`"));
        Assert.That(markdown.Output, Does.Contain("| 2 | `exit: cannot open <path>: error <n> at <time>` |"));
        Assert.That(markdown.Output, Does.Contain("Usage limits:"));
        Assert.That(markdown.Output, Does.Contain($"item `{limited.ToString()[..8]}`"));

        var json = await CliRun.RunAsync(Cli, "report", "--since", "1h", "--format", "json");
        Assert.That(json.ExitCode, Is.EqualTo(0), json.Error);
        using var printed = JsonDocument.Parse(json.Output);
        Assert.That(Int(printed.RootElement.GetProperty("totals"), "items"), Is.EqualTo(4));
        Assert.That(Int(printed.RootElement.GetProperty("failures")[0], "count"), Is.EqualTo(2));

        using var stats = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/stats?since=1h"));
        var durations = stats.RootElement.GetProperty("durations");
        Assert.That(durations.GetProperty("count").GetInt64(), Is.EqualTo(5));
        var (p50, p95, p99) = (durations.GetProperty("p50Seconds").GetDouble(), durations.GetProperty("p95Seconds").GetDouble(), durations.GetProperty("p99Seconds").GetDouble());
        Assert.That(p50, Is.GreaterThan(0).And.LessThanOrEqualTo(p95));
        Assert.That(p95, Is.LessThanOrEqualTo(p99));
        Assert.That(stats.RootElement.GetProperty("items").GetProperty("total").GetInt64(), Is.EqualTo(4));
        var statsCli = await CliRun.RunAsync(Cli, "stats", "--since", "1h");
        Assert.That(statsCli.ExitCode, Is.EqualTo(0), statsCli.Error);
        Assert.That(statsCli.Output, Does.Contain("of 5 finished attempts"));
        Assert.That(statsCli.Output, Does.Contain("Window"));

        // A window that ended before the run holds none of it.
        var before = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        using var empty = JsonDocument.Parse(await fleet.Api.GetStringAsync($"/api/report?since=1h&to={before}"));
        Assert.That(Int(empty.RootElement.GetProperty("totals"), "items"), Is.Zero);
    }

    [Test]
    public async Task When_the_window_is_malformed_Should_answer_400_naming_the_parameter_and_the_cli_should_say_so()
    {
        foreach (var (query, field) in new[]
        {
            ("/api/report?since=abc", "since"), ("/api/report?since=0s", "since"), ("/api/report?since=-5m", "since"),
            ("/api/report?since=1e300s", "since"), ("/api/report?since=", "since"),
            ("/api/report?from=yesterday", "from"), ("/api/report?from=2026-12-06T08:00:00", "from"),
            ("/api/report?from=2026-13-06T08:00:00Z", "from"), ("/api/report?to=2026-12-06", "to"),
            ("/api/report?since=1h&from=2026-12-06T08:00:00Z", "since"),
            ("/api/report?from=2026-12-06T08:00:00Z&to=2026-12-06T07:00:00Z", "from"),
            ("/api/stats?since=abc", "since"), ("/api/stats?to=2026-12-06T08:00:00Z", "to"), ("/api/stats?from=%00", "from"),
        })
        {
            var response = await fleet.Api.GetAsync(query);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{query}: {body}");
            using var problem = JsonDocument.Parse(body);
            Assert.That(problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { field }), query);
        }

        var badFrom = await CliRun.RunAsync(Cli, "report", "--from", "yesterday");
        Assert.That(badFrom.ExitCode, Is.EqualTo(5), badFrom.Output + badFrom.Error);
        Assert.That(badFrom.Error, Does.Contain("from"));
    }

    static int Int(JsonElement element, string property) => element.GetProperty(property).GetInt32();
}
