using System.Text.Json;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

[TestFixture]
public sealed class ClaudeStreamTests
{
    [Test]
    public void Should_report_progress_and_success_of_a_finished_run()
    {
        var clock = StreamFiles.Clock();
        var stream = StreamFiles.Feed(new ClaudeStream(clock), "claude-success.jsonl");

        var progress = stream.Progress;
        Assert.Multiple(() =>
        {
            Assert.That(progress.SessionId, Is.EqualTo("7d4e1c2a-3b5f-4a6e-9c8d-0f1e2d3c4b5a"));
            Assert.That(progress.Model, Is.EqualTo("claude-sonnet-4-5-20250929"));
            Assert.That(progress.Turns, Is.EqualTo(3));
            Assert.That(progress.ToolUses, Is.EqualTo(2));
            Assert.That(progress.LastTool, Is.EqualTo("Edit"));
            Assert.That(progress.InputTokens, Is.EqualTo(45));
            Assert.That(progress.OutputTokens, Is.EqualTo(80));
            Assert.That(progress.CacheReadTokens, Is.EqualTo(4200));
            Assert.That(progress.CacheCreationTokens, Is.EqualTo(300));
            Assert.That(progress.CostUsd, Is.EqualTo(0.0421m));
            Assert.That(progress.LastEventAt, Is.EqualTo(StreamFiles.Now));
            Assert.That(stream.FinalText, Does.StartWith("Done: the off-by-one"));
        });
        var ending = stream.Classify(StreamFiles.Exit(0));
        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.Succeeded));
        Assert.That(ending.Message, Does.StartWith("Done: the off-by-one"));
        Assert.That(ending.ErrorClass, Is.Empty);
    }

    [Test]
    public void Should_count_turns_and_tokens_per_message_before_the_result()
    {
        var clock = StreamFiles.Clock();
        var stream = new ClaudeStream(clock);
        var lines = StreamFiles.Lines("claude-success.jsonl");
        foreach (var line in lines[..^1])
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            stream.Observe(line);
        }

        // msg_01 came as two events (text, tool_use) with the same usage: one turn, counted once.
        var progress = stream.Progress;
        Assert.Multiple(() =>
        {
            Assert.That(progress.Turns, Is.EqualTo(3));
            Assert.That(progress.ToolUses, Is.EqualTo(2));
            Assert.That(progress.InputTokens, Is.EqualTo(10 + 20 + 15));
            Assert.That(progress.OutputTokens, Is.EqualTo(5 + 30 + 45));
            Assert.That(progress.CacheReadTokens, Is.EqualTo(1000 + 2000 + 1200));
            Assert.That(progress.CacheCreationTokens, Is.EqualTo(200 + 0 + 100));
            Assert.That(progress.CostUsd, Is.Null);
            Assert.That(progress.LastEventAt, Is.EqualTo(StreamFiles.Now + TimeSpan.FromSeconds(lines.Length - 1)));
            Assert.That(stream.FinalText, Does.StartWith("Done: the off-by-one"));
        });
        Assert.That(stream.Classify(StreamFiles.Exit(1)).Kind, Is.EqualTo(AgentEndingKind.Crashed), "no result yet");
    }

    [Test]
    public void Should_classify_an_error_during_execution_as_agent_error()
    {
        var stream = StreamFiles.Feed(new ClaudeStream(StreamFiles.Clock()), "claude-error-during-execution.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.AgentError));
        Assert.That(ending.ErrorClass, Is.EqualTo("agent_error"));
        Assert.That(ending.Message, Does.Contain("Stream closed"));
        Assert.That(stream.Progress.LastTool, Is.EqualTo("Read"));
    }

    [Test]
    public void Should_classify_max_turns_even_when_is_error_is_false()
    {
        var stream = StreamFiles.Feed(new ClaudeStream(StreamFiles.Clock()), "claude-max-turns.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.MaxTurns));
        Assert.That(ending.ErrorClass, Is.EqualTo("max_turns"));
        Assert.That(stream.Progress.Turns, Is.EqualTo(2));
        Assert.That(stream.Progress.LastTool, Is.EqualTo("Grep"));
    }

    [Test]
    public void Should_classify_max_budget()
    {
        var stream = StreamFiles.Feed(new ClaudeStream(StreamFiles.Clock()), "claude-max-budget.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.MaxBudget));
        Assert.That(ending.ErrorClass, Is.EqualTo("max_budget"));
        Assert.That(stream.Progress.CostUsd, Is.EqualTo(0.5123m));
        Assert.That(stream.Progress.CacheReadTokens, Is.EqualTo(120000));
    }

    [Test]
    public void Should_take_the_reset_of_a_rejected_rate_limit_event_over_the_text()
    {
        var stream = StreamFiles.Feed(new ClaudeStream(StreamFiles.Clock()), "claude-rate-limit-rejected.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.UsageLimit));
        Assert.That(ending.ErrorClass, Is.EqualTo("usage_limit"));
        Assert.That(ending.LimitResetsAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1795672800)));
        Assert.That(ending.Message, Does.Contain("You've hit your limit"));
        Assert.That(stream.Progress.Turns, Is.EqualTo(2), "the result's num_turns");
    }

    [Test]
    public void Should_not_count_an_allowed_warning_as_a_limit()
    {
        var stream = new ClaudeStream(StreamFiles.Clock());
        stream.Observe("""{"type":"rate_limit_event","rate_limit_info":{"status":"allowed_warning","resetsAt":1795665600}}""");
        stream.Observe("""{"type":"result","subtype":"error_during_execution","is_error":true,"errors":["boom"]}""");

        Assert.That(stream.Classify(StreamFiles.Exit(1)).Kind, Is.EqualTo(AgentEndingKind.AgentError));
    }

    [Test]
    public void Should_skip_garbage_truncated_and_wrong_typed_lines()
    {
        var stream = StreamFiles.Feed(new ClaudeStream(StreamFiles.Clock()), "claude-unknown-and-garbage.jsonl");

        var progress = stream.Progress;
        Assert.Multiple(() =>
        {
            Assert.That(progress.SessionId, Is.EqualTo("7d4e1c2a-3b5f-4a6e-9c8d-0f1e2d3c4b5a"));
            Assert.That(progress.Turns, Is.EqualTo(2), "msg_01 and the message with a non-string id");
            Assert.That(progress.ToolUses, Is.EqualTo(1));
            Assert.That(progress.LastTool, Is.EqualTo("Bash"));
            Assert.That(progress.InputTokens, Is.EqualTo(10));
            Assert.That(progress.CostUsd, Is.Null, "a string cost is ignored");
            Assert.That(stream.FinalText, Is.EqualTo("All done \uFFFD."));
        });
        Assert.That(stream.Classify(StreamFiles.Exit(0)).Kind, Is.EqualTo(AgentEndingKind.Succeeded));
    }

    [Test]
    public void Should_read_lines_with_invalid_utf8_decoded_as_replacement_characters()
    {
        var stream = StreamFiles.Feed(new ClaudeStream(StreamFiles.Clock()), "claude-invalid-utf8.jsonl");

        Assert.That(stream.Progress.LastTool, Is.EqualTo("Wr\uFFFDite"));
        Assert.That(stream.Progress.Model, Is.EqualTo("claude-opus-4-1"));
        Assert.That(stream.FinalText, Does.StartWith("ok "));
        Assert.That(stream.Classify(StreamFiles.Exit(0)).Kind, Is.EqualTo(AgentEndingKind.Succeeded));
    }

    [Test]
    public void Should_not_reread_a_clean_success_whose_text_mentions_limits_or_logins()
    {
        var stream = new ClaudeStream(StreamFiles.Clock());
        stream.Observe("""{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1795665600}}""");
        stream.Observe(ResultLine("success", false, "Handled 401 Unauthorized and 'Claude usage limit reached' in the client."));

        Assert.That(stream.Classify(StreamFiles.Exit(0)).Kind, Is.EqualTo(AgentEndingKind.Succeeded));
    }

    [Test]
    public void Should_read_a_success_result_with_a_failed_exit_as_agent_error()
    {
        var stream = new ClaudeStream(StreamFiles.Clock());
        stream.Observe(ResultLine("success", false, "I changed the parser."));

        var ending = stream.Classify(StreamFiles.Exit(2));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.AgentError));
        Assert.That(ending.Message, Does.Contain("code 2"));
    }

    [Test]
    public void Should_retry_an_overloaded_api_as_a_crash()
    {
        var stream = new ClaudeStream(StreamFiles.Clock());
        stream.Observe(ResultLine("success", true, "API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

        Assert.That(stream.Classify(StreamFiles.Exit(1)).Kind, Is.EqualTo(AgentEndingKind.Crashed));
    }

    [Test]
    public void Should_cut_long_messages()
    {
        var stream = new ClaudeStream(StreamFiles.Clock());
        stream.Observe(ResultLine("error_during_execution", true, new string('x', 10_000)));

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.AgentError));
        Assert.That(ending.Message.Length, Is.InRange(1000, 2000));
    }

    internal static string ResultLine(string subtype, bool isError, string text) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["type"] = "result",
        ["subtype"] = subtype,
        ["is_error"] = isError,
        ["num_turns"] = 1,
        ["result"] = text,
        ["session_id"] = "7d4e1c2a-3b5f-4a6e-9c8d-0f1e2d3c4b5a",
    });
}
