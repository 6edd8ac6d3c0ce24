using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

public class StatsCommandTests
{
    [Test]
    public async Task When_showing_stats_Should_print_each_group_of_counts_and_the_pools()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/stats", 200, SampleAgentJson.Stats);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "stats"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Path, Is.EqualTo("/api/stats"));
        var lines = result.Stdout.Split('\n');
        Assert.That(lines.Single(l => l.StartsWith("Items", StringComparison.Ordinal)),
            Does.Contain("4 queued, 2 running, 17 succeeded, 3 failed, 1 cancelled, 27 total"));
        Assert.That(lines.Single(l => l.StartsWith("Attempts", StringComparison.Ordinal)),
            Does.Contain("31 total, 17 succeeded, 6 failed, 5 released, 1 lost, 2 usage-limited"));
        Assert.That(lines.Single(l => l.StartsWith("Agents", StringComparison.Ordinal)),
            Does.Contain("$12.35 spent, 412 turns, tokens 1.2M in / 45.7k out, cache 9.9M read / 12k written"));
        Assert.That(lines.Single(l => l.StartsWith("Workers", StringComparison.Ordinal)),
            Does.Contain("1 idle, 2 busy, 1 limited, 1 paused, 0 draining, 3 offline"));
        Assert.That(lines.Single(l => l.StartsWith("night", StringComparison.Ordinal)), Does.Match(@"^night\s+3\s+2$"));
    }

    [Test]
    public async Task When_json_Should_print_the_coordinators_document_with_unknown_fields()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/stats", 200, SampleAgentJson.Stats);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "stats", "--json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("agents").GetProperty("costUsd").GetDecimal(), Is.EqualTo(12.3456m));
        Assert.That(printed.RootElement.GetProperty("somethingNewer").GetBoolean(), Is.True);
    }

    [Test]
    public async Task When_the_coordinator_has_no_stats_endpoint_Should_exit_6()
    {
        await using var coordinator = LoopbackCoordinator.Start();

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "stats"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
    }

    [Test]
    public async Task When_a_window_is_asked_Should_send_it_and_print_the_window_and_the_duration_percentiles()
    {
        const string Windowed = """
            {
              "window": { "from": "2026-12-05T20:00:00Z", "to": "2026-12-06T08:00:00Z" },
              "items": { "total": 3 }, "attempts": { "total": 4 }, "agents": {}, "workers": {}, "pools": [],
              "durations": { "count": 4, "p50Seconds": 12.25, "p95Seconds": 95.5, "p99Seconds": 3725 }
            }
            """;
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/stats?since=12h", 200, Windowed);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "stats", "--since", "12h"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.PathAndQuery, Is.EqualTo("/api/stats?since=12h"));
        var lines = result.Stdout.Split('\n');
        Assert.That(lines.Single(l => l.StartsWith("Window", StringComparison.Ordinal)), Does.Contain("2026-12-05 20:00 UTC to 2026-12-06 08:00 UTC"));
        Assert.That(lines.Single(l => l.StartsWith("Durations", StringComparison.Ordinal)),
            Does.Contain("p50 12.3s, p95 1m35s, p99 1h02m of 4 finished attempts"));
    }

    [Test]
    public async Task When_the_coordinator_has_no_windows_Should_print_no_window_or_duration_rows()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/stats", 200, SampleAgentJson.Stats);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "stats"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Not.Contain("Window").And.Not.Contain("Durations"));
    }
}
