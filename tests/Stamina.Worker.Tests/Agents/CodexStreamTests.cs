using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

[TestFixture]
public sealed class CodexStreamTests
{
    [Test]
    public void Should_report_progress_and_success_of_a_finished_run()
    {
        var stream = StreamFiles.Feed(new CodexStream(StreamFiles.Clock()), "codex-success.jsonl");

        var progress = stream.Progress;
        Assert.Multiple(() =>
        {
            Assert.That(progress.SessionId, Is.EqualTo("019a8f2e-5c1d-7b3a-9e4f-2d6c8b0a1e3f"));
            Assert.That(progress.Turns, Is.EqualTo(2));
            Assert.That(progress.ToolUses, Is.EqualTo(3), "two commands and a file change, each counted once");
            Assert.That(progress.LastTool, Is.EqualTo("command_execution: bash -lc 'dotnet test'"));
            Assert.That(progress.InputTokens, Is.EqualTo(2700));
            Assert.That(progress.CacheReadTokens, Is.EqualTo(1800));
            Assert.That(progress.OutputTokens, Is.EqualTo(400));
            Assert.That(progress.CostUsd, Is.Null);
            Assert.That(stream.FinalText, Is.EqualTo("All 42 tests pass now."));
        });
        var ending = stream.Classify(StreamFiles.Exit(0));
        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.Succeeded));
        Assert.That(ending.Message, Is.EqualTo("All 42 tests pass now."));
    }

    [Test]
    public void Should_describe_file_changes_as_the_last_tool()
    {
        var stream = new CodexStream(StreamFiles.Clock());
        foreach (var line in StreamFiles.Lines("codex-success.jsonl").Take(6))
        {
            stream.Observe(line);
        }

        Assert.That(stream.Progress.LastTool, Is.EqualTo("file_change: /work/wt/src/A.cs"));
        Assert.That(stream.Progress.ToolUses, Is.EqualTo(2));
    }

    [Test]
    public void Should_classify_a_failed_turn_as_agent_error()
    {
        var stream = StreamFiles.Feed(new CodexStream(StreamFiles.Clock()), "codex-turn-failed.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.AgentError));
        Assert.That(ending.Message, Does.Contain("invalid tool call"));
        Assert.That(stream.Progress.LastTool, Is.EqualTo("mcp_tool_call: docs.search"));
    }

    [Test]
    public void Should_classify_the_usage_limit_with_its_reset_time()
    {
        var stream = StreamFiles.Feed(new CodexStream(StreamFiles.Clock()), "codex-usage-limit.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.UsageLimit));
        Assert.That(ending.LimitResetsAt, Is.EqualTo(new DateTimeOffset(2026, 12, 2, 22, 3, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Should_read_a_completed_turn_with_a_failed_exit_as_agent_error()
    {
        var stream = new CodexStream(StreamFiles.Clock());
        stream.Observe("""{"type":"turn.started"}""");
        stream.Observe("""{"type":"turn.completed","usage":{"input_tokens":1,"cached_input_tokens":0,"output_tokens":1}}""");

        Assert.That(stream.Classify(StreamFiles.Exit(1)).Kind, Is.EqualTo(AgentEndingKind.AgentError));
    }

    [Test]
    public void Should_count_an_item_first_seen_on_completion()
    {
        var stream = new CodexStream(StreamFiles.Clock());
        stream.Observe("""{"type":"item.completed","item":{"id":"item_9","type":"web_search","query":"dotnet 10 regex"}}""");
        stream.Observe("""{"type":"item.completed","item":{"id":"item_9","type":"web_search","query":"dotnet 10 regex"}}""");

        Assert.That(stream.Progress.ToolUses, Is.EqualTo(1));
        Assert.That(stream.Progress.LastTool, Is.EqualTo("web_search: dotnet 10 regex"));
    }
}
