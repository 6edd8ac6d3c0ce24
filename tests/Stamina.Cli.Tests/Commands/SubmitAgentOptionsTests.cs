using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina submit</c> with an agent harness: the new flags, and the harness rules checked before sending.</summary>
public class SubmitAgentOptionsTests
{
    LoopbackCoordinator coordinator = null!;

    [SetUp]
    public void StartCoordinator() =>
        coordinator = LoopbackCoordinator.Start().On("POST", "/api/items", 201, SampleJson.RunningItem);

    [TearDown]
    public async Task StopCoordinator() => await coordinator.DisposeAsync();

    [Test]
    public async Task When_submitting_to_an_agent_Should_post_every_agent_option()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator,
            "submit", "--repo", "r", "--harness", "claude", "--prompt", "Fix it", "--model", "opus", "--skill-level", "principal",
            "--max-turns", "30", "--max-budget-usd", "4.25", "--stall-timeout", "5m", "--append-system-prompt", "No new deps.",
            "--task-file", ".task.md"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var body = JsonDocument.Parse(coordinator.SingleRequest.Body);
        var json = body.RootElement;
        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[]
        {
            "repo", "harness", "prompt", "model", "skillLevel", "maxTurns", "maxBudgetUsd", "stallTimeout", "appendSystemPrompt", "taskFile",
        }));
        Assert.That(json.GetProperty("harness").GetString(), Is.EqualTo("claude"));
        Assert.That(json.GetProperty("model").GetString(), Is.EqualTo("opus"));
        Assert.That(json.GetProperty("skillLevel").GetString(), Is.EqualTo("principal"));
        Assert.That(json.GetProperty("maxTurns").GetInt32(), Is.EqualTo(30));
        Assert.That(json.GetProperty("maxBudgetUsd").GetDecimal(), Is.EqualTo(4.25m));
        Assert.That(json.GetProperty("stallTimeout").GetString(), Is.EqualTo("5m"));
        Assert.That(json.GetProperty("appendSystemPrompt").GetString(), Is.EqualTo("No new deps."));
        Assert.That(json.GetProperty("taskFile").GetString(), Is.EqualTo(".task.md"));
    }

    [Test]
    public async Task When_an_agent_has_only_a_task_file_Should_submit_without_a_prompt()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "--repo", "r", "--harness", "codex", "--task-file", ".task.md"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var body = JsonDocument.Parse(coordinator.SingleRequest.Body);
        Assert.That(body.RootElement.TryGetProperty("prompt", out _), Is.False);
    }

    [TestCase("the gemini harness needs --prompt, --prompt-file or --task-file", "--harness", "gemini")]
    [TestCase("the claude harness runs the agent itself; give no command", "--harness", "claude", "--prompt", "x", "--", "make")]
    [TestCase("--harness 'cursor' is unknown", "--harness", "cursor", "--prompt", "x")]
    [TestCase("--skill-level must be one of junior, senior, principal", "--harness", "claude", "--prompt", "x", "--skill-level", "guru")]
    [TestCase("--max-turns must be a whole number, not 'lots'", "--harness", "claude", "--prompt", "x", "--max-turns", "lots")]
    [TestCase("--max-budget-usd must be a number such as 2.50, not '5$'", "--harness", "claude", "--prompt", "x", "--max-budget-usd", "5$")]
    [TestCase("--stall-timeout 'soon' is not a duration", "--harness", "claude", "--prompt", "x", "--stall-timeout", "soon")]
    public async Task When_agent_options_are_wrong_Should_exit_2_and_send_nothing(string message, params string[] options)
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, ["submit", "--repo", "r", .. options]));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain(message));
        Assert.That(coordinator.Requests, Is.Empty);
    }
}
