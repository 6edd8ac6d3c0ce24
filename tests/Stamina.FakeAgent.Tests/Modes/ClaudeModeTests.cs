using System.Text.Json.Nodes;
using Stamina.FakeAgent.Tests.Running;

namespace Stamina.FakeAgent.Tests.Modes;

public class ClaudeModeTests : WorkspaceTest
{
    [Test]
    public async Task When_told_to_succeed_Should_stream_claude_events_and_edit_the_file_each_turn()
    {
        var output = await RunAsync(
            AgentArguments.Claude("--session-id", "5e55-1", "--model", "claude-opus-4-1"),
            "Write the report.\nfake: succeed turns=3 delay=0ms cost=0.02",
            Attempt(4));

        Assert.That(output.ExitCode, Is.EqualTo(0), output.ToString());
        var init = output.Events[0];
        Assert.Multiple(() =>
        {
            Assert.That((string?)init["type"], Is.EqualTo("system"));
            Assert.That((string?)init["subtype"], Is.EqualTo("init"));
            Assert.That((string?)init["session_id"], Is.EqualTo("5e55-1"));
            Assert.That((string?)init["model"], Is.EqualTo("claude-opus-4-1"));
            Assert.That((string?)init["cwd"], Is.EqualTo(Workspace));
            Assert.That(init["tools"]!.AsArray().Select(tool => (string?)tool), Does.Contain("Write").And.Contain("Bash"));
        });

        var assistant = output.OfType("assistant");
        var blocks = assistant.Select(message => message["message"]!["content"]![0]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(blocks.Count(block => (string?)block["type"] == "text"), Is.EqualTo(3));
            Assert.That(blocks.Where(block => (string?)block["type"] == "tool_use").Select(block => (string?)block["name"]),
                Is.EqualTo(new[] { "Write", "Bash", "Write" }));
            // A text and a tool use of one model call share the message id, as in the real stream.
            Assert.That(assistant.Select(message => (string?)message["message"]!["id"]).Distinct().Count(), Is.EqualTo(3));
            Assert.That(assistant.Select(message => message["message"]!["usage"]!.AsObject()),
                Has.All.Matches<JsonObject>(usage => usage.ContainsKey("input_tokens") && usage.ContainsKey("output_tokens")
                    && usage.ContainsKey("cache_creation_input_tokens") && usage.ContainsKey("cache_read_input_tokens")));
            Assert.That(output.OfType("user").Select(message => (string?)message["message"]!["content"]![0]!["type"]),
                Is.EqualTo(new[] { "tool_result", "tool_result", "tool_result" }));
            Assert.That(output.OfType("rate_limit_event").Select(message => (string?)message["rate_limit_info"]!["status"]),
                Is.EqualTo(new[] { "allowed", "allowed", "allowed" }));
        });

        var result = output.Single("result");
        Assert.Multiple(() =>
        {
            Assert.That((string?)output.Events[^1]["type"], Is.EqualTo("result"));
            Assert.That((string?)result["subtype"], Is.EqualTo("success"));
            Assert.That((bool?)result["is_error"], Is.False);
            Assert.That((int?)result["num_turns"], Is.EqualTo(3));
            Assert.That((decimal?)result["total_cost_usd"], Is.EqualTo(0.06m));
            Assert.That((string?)result["session_id"], Is.EqualTo("5e55-1"));
            Assert.That((string?)result["result"], Is.Not.Empty);
            Assert.That((long?)result["duration_ms"], Is.GreaterThanOrEqualTo(0));
            Assert.That((long?)result["usage"]!["cache_read_input_tokens"], Is.GreaterThan(0));
        });
        Assert.That(WorkLog(), Is.EqualTo(new[]
        {
            "attempt 4 session 5e55-1 turn 1", "attempt 4 session 5e55-1 turn 2", "attempt 4 session 5e55-1 turn 3",
        }));
    }

    [Test]
    public async Task When_max_turns_is_reached_with_work_left_Should_end_with_error_max_turns()
    {
        var output = await RunAsync(AgentArguments.Claude("--max-turns", "2"), "fake: succeed turns=5 delay=0ms");

        var result = output.Single("result");
        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(1));
            Assert.That((string?)result["subtype"], Is.EqualTo("error_max_turns"));
            Assert.That((int?)result["num_turns"], Is.EqualTo(2));
            Assert.That(WorkLog(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task When_the_budget_is_reached_with_work_left_Should_end_with_error_max_budget_usd()
    {
        var output = await RunAsync(AgentArguments.Claude("--max-budget-usd", "0.25"), "fake: succeed turns=10 delay=0ms cost=0.1");

        var result = output.Single("result");
        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(1));
            Assert.That((string?)result["subtype"], Is.EqualTo("error_max_budget_usd"));
            Assert.That((decimal?)result["total_cost_usd"], Is.EqualTo(0.3m));
            Assert.That(WorkLog(), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task When_told_to_overrun_the_budget_Should_ignore_both_limits_and_report_the_whole_cost()
    {
        var output = await RunAsync(
            AgentArguments.Claude("--max-budget-usd", "1", "--max-turns", "2"), "fake: overrun-budget turns=6 delay=0ms exit=3");

        var result = output.Single("result");
        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(3));
            Assert.That((string?)result["subtype"], Is.EqualTo("success"));
            Assert.That((int?)result["num_turns"], Is.EqualTo(6));
            Assert.That((decimal?)result["total_cost_usd"], Is.EqualTo(3.0m));
            Assert.That(WorkLog(), Has.Count.EqualTo(6));
        });
    }

    [Test]
    public async Task When_told_to_fail_Should_end_with_error_during_execution_after_one_turn()
    {
        var output = await RunAsync(AgentArguments.Claude(), "fake: fail delay=0ms");

        var result = output.Single("result");
        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(1));
            Assert.That((string?)result["subtype"], Is.EqualTo("error_during_execution"));
            Assert.That((bool?)result["is_error"], Is.True);
            Assert.That(result["errors"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(WorkLog(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task When_told_to_hit_the_usage_limit_Should_reject_with_a_reset_time_and_edit_nothing()
    {
        var before = DateTimeOffset.UtcNow;
        var output = await RunAsync(AgentArguments.Claude(), "fake: usage-limit reset-in=90s");

        var limit = output.OfType("rate_limit_event").Single()["rate_limit_info"]!;
        var result = output.Single("result");
        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(1));
            Assert.That((string?)limit["status"], Is.EqualTo("rejected"));
            Assert.That((string?)limit["rateLimitType"], Is.EqualTo("five_hour"));
            Assert.That((long?)limit["resetsAt"], Is.InRange(before.AddSeconds(90).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddSeconds(91).ToUnixTimeSeconds()));
            Assert.That((bool?)result["is_error"], Is.True);
            Assert.That((string?)result["result"], Does.Match(@"^You've hit your limit · resets \d{1,2}:\d{2}(am|pm) \(UTC\)$"));
            Assert.That(File.Exists(WorkLogPath), Is.False);
        });
    }

    [Test]
    public async Task When_not_logged_in_Should_report_success_subtype_with_is_error_and_exit_1()
    {
        var output = await RunAsync(AgentArguments.Claude(), "fake: auth-failure");

        var result = output.Single("result");
        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(1));
            Assert.That((string?)result["subtype"], Is.EqualTo("success"));
            Assert.That((bool?)result["is_error"], Is.True);
            Assert.That((string?)result["result"], Is.EqualTo("Not logged in · Please run /login"));
            Assert.That(File.Exists(WorkLogPath), Is.False);
        });
    }

    [Test]
    public async Task When_resuming_Should_use_the_session_id_and_say_so_first()
    {
        var output = await RunAsync(AgentArguments.Claude("--resume", "old-session"), "fake: succeed turns=1 delay=0ms", Attempt(2));

        var firstAssistant = output.OfType("assistant")[0];
        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(0));
            Assert.That((string?)output.Events[0]["session_id"], Is.EqualTo("old-session"));
            Assert.That((string?)firstAssistant["message"]!["content"]![0]!["text"], Is.EqualTo("Resumed session old-session"));
            Assert.That((string?)output.Single("result")["session_id"], Is.EqualTo("old-session"));
            Assert.That(WorkLog(), Is.EqualTo(new[] { "resumed old-session", "attempt 2 session old-session turn 1" }));
        });
    }

    [Test]
    public async Task When_sleep_is_given_Should_wait_before_the_result()
    {
        var output = await RunAsync(AgentArguments.Claude(), "fake: sleep=700ms turns=1 delay=0ms");

        Assert.That((long?)output.Single("result")["duration_ms"], Is.GreaterThanOrEqualTo(700));
    }
}
