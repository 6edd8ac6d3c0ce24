using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina show</c> for an agent item: its agent settings, live progress, and per-attempt harness, model, turns, tokens and cost.</summary>
public class ShowAgentItemTests
{
    [Test]
    public async Task When_showing_a_running_agent_item_Should_show_settings_progress_and_attempt_details()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", $"/api/items/{SampleAgentJson.AgentId}", 200, SampleAgentJson.RunningAgentItem);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "show", SampleAgentJson.AgentId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        var lines = result.Stdout.Split('\n');
        string Line(string start) => lines.FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? $"(no line starting {start})";
        Assert.That(Line("Model"), Does.Contain("sonnet"));
        Assert.That(Line("Skill level"), Does.Contain("senior"));
        Assert.That(Line("Max turns"), Does.Contain("40"));
        Assert.That(Line("Max budget"), Does.Contain("$2.50"));
        Assert.That(Line("Stall timeout"), Does.Contain("00:10:00"));
        Assert.That(Line("Task file"), Does.Contain(".task.md"));
        Assert.That(Line("Cost"), Does.Contain("$0.61 (all attempts)"));

        var progress = string.Join('\n', lines.SkipWhile(l => l != "Progress").TakeWhile(l => l != "Attempts"));
        Assert.That(progress, Does.Contain("sess-42").And.Contain("12 (last: Bash)").And.Contain("12.3k in / 2.1k out").And.Contain("$0.4215"));

        var first = lines.Single(l => l.StartsWith("1 ", StringComparison.Ordinal));
        Assert.That(first, Does.Contain("claude-b").And.Contain("claude").And.Contain("claude-sonnet-4-5").And.Contain("released")
            .And.Contain("4k/900").And.Contain("$0.1885").And.Contain("usage_limit").And.Contain("account limited until"));
        var second = lines.Single(l => l.StartsWith("2 ", StringComparison.Ordinal));
        Assert.That(second, Does.Contain("running").And.Contain("12.3k/2.1k").And.Contain("$0.4215"));
    }

    [Test]
    public async Task When_a_command_item_has_no_agent_fields_Should_show_no_agent_rows()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", $"/api/items/{SampleJson.SucceededId}", 200, SampleJson.SucceededItem);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "show", SampleJson.SucceededId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Not.Contain("Progress").And.Not.Contain("Max turns").And.Not.Contain("Cost "));
    }
}
