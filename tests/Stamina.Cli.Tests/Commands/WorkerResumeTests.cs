using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina workers</c> with account state, and <c>stamina workers resume NAME</c>.</summary>
public class WorkerResumeTests
{
    [Test]
    public async Task When_resuming_Should_post_to_the_workers_resume_path_and_confirm()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("POST", "/api/workers/worker%20gamma/resume", 202, """{ "name": "worker gamma" }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers", "resume", "worker gamma"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Method, Is.EqualTo("POST"));
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo($"Bearer {CliRunner.TestKey}"));
        Assert.That(result.Stdout, Is.EqualTo("Resumed worker worker gamma" + Environment.NewLine));
    }

    [Test]
    public async Task When_resuming_with_json_Should_print_the_answer()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("POST", "/api/workers/w1/resume", 202, """{ "name": "w1" }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers", "resume", "w1", "--json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("name").GetString(), Is.EqualTo("w1"));
    }

    [Test]
    public async Task When_the_worker_is_unknown_Should_exit_6()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .OnProblem("POST", "/api/workers/nobody/resume", 404, "Not found.", "no worker named 'nobody'");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers", "resume", "nobody"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
        Assert.That(result.Stderr, Does.Contain("cannot resume worker nobody: no worker named 'nobody'"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task When_listing_Should_show_when_a_limited_account_resets_and_why_a_paused_one_needs_a_human()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleAgentJson.Workers);
        var environment = new Dictionary<string, string>();

        var result = await CliRunner.RunAsync(environment, CliRunner.Against(coordinator, "workers"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.That(lines[0], Does.Contain("LIMITED UNTIL").And.Contain("ATTENTION"));
        Assert.That(lines.Single(l => l.Contains("worker-beta", StringComparison.Ordinal)), Does.Contain("limited"));
        Assert.That(lines.Single(l => l.Contains("worker-gamma", StringComparison.Ordinal)),
            Does.Contain("paused").And.EndWith("not logged in: run codex login"));
    }
}
