using Stamina.FakeAgent.Tests.Running;

namespace Stamina.FakeAgent.Tests.Modes;

public class CodexModeTests : WorkspaceTest
{
    [Test]
    public async Task When_told_to_succeed_Should_stream_items_and_end_with_turn_completed()
    {
        var output = await RunAsync(AgentArguments.Codex(), "fake: succeed turns=3 delay=0ms", Attempt(1));

        Assert.That(output.ExitCode, Is.EqualTo(0), output.ToString());
        var threadId = (string?)output.Events[0]["thread_id"];
        Assert.Multiple(() =>
        {
            Assert.That((string?)output.Events[0]["type"], Is.EqualTo("thread.started"));
            Assert.That(Guid.TryParse(threadId, out _), Is.True, threadId);
            Assert.That((string?)output.Events[1]["type"], Is.EqualTo("turn.started"));
        });
        var items = output.Events.Where(message => ((string?)message["type"])!.StartsWith("item.", StringComparison.Ordinal))
            .Select(message => (Event: (string?)message["type"], Item: message["item"]!))
            .ToList();
        var command = items.Single(entry => entry.Event == "item.completed" && (string?)entry.Item["type"] == "command_execution").Item;
        Assert.Multiple(() =>
        {
            Assert.That(items.Count(entry => (string?)entry.Item["type"] == "agent_message"), Is.EqualTo(4));
            Assert.That(items.Count(entry => (string?)entry.Item["type"] == "file_change"), Is.EqualTo(2));
            Assert.That(items.Count(entry => entry.Event == "item.started" && (string?)entry.Item["type"] == "command_execution"), Is.EqualTo(1));
            Assert.That((string?)command["command"], Does.Contain("FAKE_AGENT.md"));
            Assert.That((string?)command["aggregated_output"], Is.EqualTo(""));
            Assert.That((int?)command["exit_code"], Is.EqualTo(0));
            Assert.That((string?)command["status"], Is.EqualTo("completed"));
        });
        var completed = output.Events[^1];
        Assert.Multiple(() =>
        {
            Assert.That((string?)completed["type"], Is.EqualTo("turn.completed"));
            Assert.That((long?)completed["usage"]!["input_tokens"], Is.GreaterThan(0));
            Assert.That((long?)completed["usage"]!["cached_input_tokens"], Is.GreaterThan(0));
            Assert.That((long?)completed["usage"]!["output_tokens"], Is.GreaterThan(0));
            Assert.That(WorkLog(), Is.EqualTo(Enumerable.Range(1, 3).Select(turn => $"attempt 1 session {threadId} turn {turn}")));
        });
    }

    [Test]
    public async Task When_resuming_Should_use_the_thread_id_and_say_so_first()
    {
        var output = await RunAsync(AgentArguments.CodexResume("thread-7"), "fake: succeed turns=1 delay=0ms");

        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(0));
            Assert.That((string?)output.Single("thread.started")["thread_id"], Is.EqualTo("thread-7"));
            Assert.That((string?)output.Events[2]["item"]!["text"], Is.EqualTo("Resumed session thread-7"));
            Assert.That(WorkLog(), Is.EqualTo(new[] { "resumed thread-7", "attempt - session thread-7 turn 1" }));
        });
    }

    [Test]
    public async Task When_told_to_fail_Should_emit_error_and_turn_failed()
    {
        var output = await RunAsync(AgentArguments.Codex(), "fake: fail delay=0ms");

        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(1));
            Assert.That((string?)output.Single("error")["message"], Is.Not.Empty);
            Assert.That((string?)output.Single("turn.failed")["error"]!["message"], Is.Not.Empty);
            Assert.That(output.OfType("turn.completed"), Is.Empty);
        });
    }

    [Test]
    public async Task When_told_to_hit_the_usage_limit_Should_say_when_to_try_again()
    {
        var output = await RunAsync(AgentArguments.Codex(), "fake: usage-limit reset-in=3h");

        const string pattern = @"^You've hit your usage limit\. Upgrade to Pro .* try again at [A-Z][a-z]{2} \d{1,2}(st|nd|rd|th), \d{4} \d{1,2}:\d{2} (AM|PM)\.$";
        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(1));
            Assert.That((string?)output.Single("error")["message"], Does.Match(pattern));
            Assert.That((string?)output.Single("turn.failed")["error"]!["message"], Does.Match(pattern));
            Assert.That(File.Exists(WorkLogPath), Is.False);
        });
    }

    [Test]
    public async Task When_not_logged_in_Should_fail_with_a_login_hint()
    {
        var output = await RunAsync(AgentArguments.Codex(), "fake: auth-failure");

        Assert.That(output.ExitCode, Is.EqualTo(1));
        Assert.That((string?)output.Single("error")["message"], Does.StartWith("Not logged in").And.Contain("codex login"));
    }

    [Test]
    public async Task When_given_a_directory_with_C_Should_work_there()
    {
        using var elsewhere = new Stamina.Testing.TemporaryDirectory("fake-agent-cwd");

        var output = await FakeAgentProcess.RunAsync(AgentArguments.Codex("-C", Workspace), "fake: succeed turns=1 delay=0ms", elsewhere.Path);

        Assert.That(output.ExitCode, Is.EqualTo(0));
        Assert.That(WorkLog(), Has.Count.EqualTo(1));
        Assert.That(Directory.EnumerateFileSystemEntries(elsewhere.Path), Is.Empty);
    }
}
