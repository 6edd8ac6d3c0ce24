using Stamina.FakeAgent.Tests.Running;
using Stamina.Testing;

namespace Stamina.FakeAgent.Tests.Modes;

public class GeminiModeTests : WorkspaceTest
{
    [Test]
    public async Task When_told_to_succeed_Should_stream_gemini_events_and_a_result_with_stats()
    {
        var output = await RunAsync(AgentArguments.Gemini("--session-id", "g-1"), "fake: succeed turns=3 delay=0ms", Attempt(3));

        Assert.That(output.ExitCode, Is.EqualTo(0), output.ToString());
        var init = output.Events[0];
        var uses = output.OfType("tool_use");
        var results = output.OfType("tool_result");
        Assert.Multiple(() =>
        {
            Assert.That((string?)init["type"], Is.EqualTo("init"));
            Assert.That((string?)init["session_id"], Is.EqualTo("g-1"));
            Assert.That((string?)init["model"], Is.EqualTo("gemini-2.5-flash"));
            Assert.That((string?)output.Events[1]["role"], Is.EqualTo("user"));
            Assert.That((string?)output.Events[1]["content"], Does.Contain("fake: succeed").And.Contain("Follow the instructions on stdin."));
            Assert.That(output.OfType("message").Where(message => (string?)message["role"] == "assistant"),
                Has.All.Matches<System.Text.Json.Nodes.JsonObject>(message => (bool?)message["delta"] == true));
            Assert.That(uses.Select(use => (string?)use["tool_name"]), Is.EqualTo(new[] { "write_file", "run_shell_command", "write_file" }));
            Assert.That(uses.Select(use => use["parameters"]), Has.All.Not.Null);
            Assert.That(results.Select(result => (string?)result["tool_id"]), Is.EqualTo(uses.Select(use => (string?)use["tool_id"])));
            Assert.That(results.Select(result => (string?)result["status"]), Has.All.EqualTo("success"));
        });
        var result = output.Events[^1];
        var stats = result["stats"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)result["type"], Is.EqualTo("result"));
            Assert.That((string?)result["status"], Is.EqualTo("success"));
            Assert.That((long?)stats["total_tokens"], Is.EqualTo((long?)stats["input_tokens"] + (long?)stats["output_tokens"]));
            Assert.That((long?)stats["cached"], Is.GreaterThan(0));
            Assert.That((long?)stats["duration_ms"], Is.GreaterThanOrEqualTo(0));
            Assert.That((int?)stats["tool_calls"], Is.EqualTo(3));
            Assert.That(WorkLog(), Is.EqualTo(Enumerable.Range(1, 3).Select(turn => $"attempt 3 session g-1 turn {turn}")));
        });
    }

    [Test]
    public async Task When_the_directive_is_in_the_p_argument_Should_obey_it()
    {
        var output = await FakeAgentProcess.RunAsync(
            ["-p", "fake: fail turns=0", "-o", "stream-json"], prompt: "", Workspace);

        Assert.That(output.ExitCode, Is.EqualTo(1));
        Assert.That((string?)output.Single("result")["status"], Is.EqualTo("error"));
        Assert.That(output.Single("error")["message"], Is.Not.Null);
        Assert.That(File.Exists(WorkLogPath), Is.False);
    }

    [Test]
    public async Task When_told_to_hit_the_usage_limit_Should_report_a_429_quota_error()
    {
        var output = await RunAsync(AgentArguments.Gemini(), "fake: usage-limit reset-in=20s");

        Assert.That(output.ExitCode, Is.EqualTo(1));
        Assert.That((string?)output.Single("error")["message"], Does.Contain("429").And.Contain("reset after 20s"));
        Assert.That((string?)output.Single("result")["status"], Is.EqualTo("error"));
    }

    [Test]
    public async Task When_not_logged_in_Should_exit_41()
    {
        var output = await RunAsync(AgentArguments.Gemini(), "fake: auth-failure");

        Assert.That(output.ExitCode, Is.EqualTo(41));
        Assert.That((string?)output.Single("error")["message"], Does.Contain("Auth method"));
        Assert.That(output.Stderr, Does.Contain("GEMINI_API_KEY"));
    }

    [Test]
    public async Task When_max_session_turns_is_set_in_settings_Should_stop_there_with_exit_53()
    {
        using var home = new TemporaryDirectory("gemini-home");
        Directory.CreateDirectory(home.Combine(".gemini"));
        await File.WriteAllTextAsync(home.Combine(".gemini", "settings.json"), """{"model":{"maxSessionTurns":2}}""");

        var output = await RunAsync(
            AgentArguments.Gemini(), "fake: succeed turns=4 delay=0ms", new Dictionary<string, string> { ["GEMINI_CLI_HOME"] = home.Path });

        Assert.That(output.ExitCode, Is.EqualTo(53));
        Assert.That((string?)output.Single("result")["error"]!["type"], Is.EqualTo("FatalTurnLimitedError"));
        Assert.That(WorkLog(), Has.Count.EqualTo(2));
    }
}
