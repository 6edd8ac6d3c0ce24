using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

public class ReportCommandTests
{
    const string Report = """
        {
          "window": { "from": "2026-12-05T20:00:00Z", "to": "2026-12-06T08:00:00Z", "seconds": 43200 },
          "generatedAt": "2026-12-06T08:00:00Z",
          "totals": { "items": 2, "succeeded": 1, "failed": 1, "cancelled": 0, "running": 0, "queued": 0, "attempts": 3,
                      "failedAttempts": 1, "limits": 1, "costUsd": 0.42, "inputTokens": 1234567, "outputTokens": 4567, "busySeconds": 600 },
          "items": [
            { "id": "0b7e2a1c-9f4d-4e1a-8c3b-2d5f6a7b8c9d", "title": "Fix | the `parser`\nnow", "pool": "default", "outcome": "Succeeded",
              "attempts": 2, "branch": "stamina/0b7e2a1c/2", "diff": { "commits": 1, "filesChanged": 3, "insertions": 10, "deletions": 2 },
              "costUsd": 0.42, "durationSeconds": 125.5 },
            { "id": "1c8f3b2d-0a5e-4f2b-9d4c-3e6a7b8c9d0e", "title": "Break it", "pool": "default", "outcome": "Failed",
              "attempts": 1, "errorClass": "exit", "durationSeconds": 2.25 }
          ],
          "accounts": [
            { "account": "team-a", "items": 2, "attempts": 3, "costUsd": 0.42, "inputTokens": 1234567, "outputTokens": 4567,
              "workers": 2, "busySeconds": 600, "utilisation": 0.125,
              "limits": [ { "at": "2026-12-06T02:13:00Z", "until": "2026-12-06T07:00:00Z", "worker": "w1", "itemId": "0b7e2a1c-9f4d-4e1a-8c3b-2d5f6a7b8c9d" } ] }
          ],
          "failures": [ { "signature": "exit: cannot open <path>: error <n>", "errorClass": "exit", "count": 1,
                          "itemIds": [ "1c8f3b2d-0a5e-4f2b-9d4c-3e6a7b8c9d0e" ] } ],
          "somethingNewer": true
        }
        """;

    [Test]
    public async Task When_reporting_Should_ask_for_the_window_and_print_markdown_tables_a_chat_renders()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/report?since=12h", 200, Report);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "report", "--since", "12h"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.PathAndQuery, Is.EqualTo("/api/report?since=12h"));
        var lines = result.Stdout.Split('\n');
        Assert.That(lines[0], Is.EqualTo("# Stamina report: 2026-12-05 20:00 UTC to 2026-12-06 08:00 UTC (12h00m)"));
        Assert.That(result.Stdout, Does.Contain("**2 items**: 1 succeeded, 1 failed, 0 cancelled, 0 running, 0 queued. 3 attempts (1 failed), $0.42 spent, tokens 1.2M in / 4.6k out, 1 usage limits."));
        Assert.That(lines, Does.Contain("| `0b7e2a1c` Fix \\| the `parser` now | Succeeded | `stamina/0b7e2a1c/2` | 3 files +10 -2 | $0.42 | 2m05s | 2 |"),
            "a pipe or a line break in a title must not break the table");
        Assert.That(lines, Does.Contain("| `1c8f3b2d` Break it | Failed (exit) | - | - | - | 2.3s | 1 |"));
        Assert.That(lines, Does.Contain("| team-a | 2 | 3 | $0.42 | 1.2M / 4.6k | 13% of 2 workers | 1 |"));
        Assert.That(lines, Does.Contain("- team-a: limited at 2026-12-06 02:13 UTC until 2026-12-06 07:00 UTC (worker w1, item `0b7e2a1c`)"));
        Assert.That(lines, Does.Contain("| 1 | `exit: cannot open <path>: error <n>` | `1c8f3b2d` |"));
    }

    [TestCase("--format", "json")]
    [TestCase("--json")]
    public async Task When_json_Should_print_the_coordinators_document(params string[] option)
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/report", 200, Report);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, ["report", .. option]));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.PathAndQuery, Is.EqualTo("/api/report"), "no window asked: the coordinator's default");
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("somethingNewer").GetBoolean(), Is.True);
    }

    [Test]
    public async Task When_an_empty_window_Should_say_so_in_each_section()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/report?from=2026-12-05T20%3A00%3A00Z&to=2026-12-06T08%3A00%3A00Z", 200,
            """{ "window": { "from": "2026-12-05T20:00:00Z", "to": "2026-12-06T08:00:00Z" }, "totals": {}, "items": [], "accounts": [], "failures": [] }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "report", "--from", "2026-12-05T20:00:00Z", "--to", "2026-12-06T08:00:00Z"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain("No item was submitted, ran or finished in this window."));
        Assert.That(result.Stdout, Does.Contain("No attempt ran in this window."));
        Assert.That(result.Stdout, Does.Contain("No attempt failed in this window."));
    }

    [TestCase("report", "--format", "xml", "--format")]
    [TestCase("report", "--format", "", "--format")]
    [TestCase("report", "--since", "12", "--since")]
    [TestCase("report", "--since", "yesterday", "--since")]
    [TestCase("report", "--since", "-1h", "--since")]
    [TestCase("report", "--since", "0s", "--since")]
    [TestCase("report", "--since", "1h", "--from", "2026-12-06T08:00:00Z", "--since or --from")]
    [TestCase("stats", "--since", "soon", "--since")]
    [TestCase("stats", "--since", "1h", "--from", "2026-12-06T08:00:00Z", "--since or --from")]
    public async Task When_the_options_are_wrong_Should_exit_2_naming_them_and_send_nothing(params string[] argsAndExpected)
    {
        await using var coordinator = LoopbackCoordinator.Start();

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, argsAndExpected[..^1]));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain(argsAndExpected[^1]));
        Assert.That(coordinator.Requests, Is.Empty);
    }

    [Test]
    public async Task When_the_coordinator_refuses_the_window_Should_exit_5_with_its_reason()
    {
        await using var coordinator = LoopbackCoordinator.Start().OnProblem("GET", "/api/report?from=yesterday", 400, "The request is invalid.",
            "from: not an ISO 8601 time with a zone, such as 2026-12-06T08:00:00Z");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "report", "--from", "yesterday"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest), result.ToString());
        Assert.That(result.Stderr, Does.Contain("not an ISO 8601 time"));
    }
}
