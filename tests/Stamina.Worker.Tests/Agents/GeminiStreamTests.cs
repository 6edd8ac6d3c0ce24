using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

[TestFixture]
public sealed class GeminiStreamTests
{
    [Test]
    public void Should_report_progress_and_success_of_a_finished_run()
    {
        var stream = StreamFiles.Feed(new GeminiStream(StreamFiles.Clock()), "gemini-success.jsonl");

        var progress = stream.Progress;
        Assert.Multiple(() =>
        {
            Assert.That(progress.SessionId, Is.EqualTo("3c9e7a51-2f4b-4d8e-a6c0-9b1d5e7f3a2c"));
            Assert.That(progress.Model, Is.EqualTo("gemini-2.5-pro"));
            Assert.That(progress.Turns, Is.EqualTo(2));
            Assert.That(progress.ToolUses, Is.EqualTo(2));
            Assert.That(progress.LastTool, Is.EqualTo("replace"));
            Assert.That(progress.InputTokens, Is.EqualTo(5000));
            Assert.That(progress.OutputTokens, Is.EqualTo(200));
            Assert.That(progress.CacheReadTokens, Is.EqualTo(1500));
            Assert.That(progress.CostUsd, Is.Null);
            Assert.That(stream.FinalText, Is.EqualTo("Done. The comparison is fixed."));
        });
        Assert.That(stream.Classify(StreamFiles.Exit(0)).Kind, Is.EqualTo(AgentEndingKind.Succeeded));
    }

    [Test]
    public void Should_classify_an_error_result_as_agent_error()
    {
        var stream = StreamFiles.Feed(new GeminiStream(StreamFiles.Clock()), "gemini-error.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.AgentError));
        Assert.That(ending.Message, Does.Contain("run_shell_command is not allowed"));
    }

    [Test]
    public void Should_classify_exit_53_as_the_turn_limit()
    {
        var stream = StreamFiles.Feed(new GeminiStream(StreamFiles.Clock()), "gemini-turn-limit.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(53));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.MaxTurns));
        Assert.That(stream.Progress.LastTool, Is.EqualTo("glob"));
        Assert.That(stream.FinalText, Is.EqualTo("Still working"));
    }

    [Test]
    public void Should_classify_an_exhausted_quota_with_its_reset_time()
    {
        var stream = StreamFiles.Feed(new GeminiStream(StreamFiles.Clock()), "gemini-quota.jsonl");

        var ending = stream.Classify(StreamFiles.Exit(1));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.UsageLimit));
        Assert.That(ending.LimitResetsAt, Is.EqualTo(StreamFiles.Now + new TimeSpan(2, 52, 39)));
    }

    [Test]
    public void Should_replace_streamed_text_with_a_whole_message()
    {
        var stream = new GeminiStream(StreamFiles.Clock());
        stream.Observe("""{"type":"message","role":"assistant","content":"par","delta":true}""");
        stream.Observe("""{"type":"message","role":"assistant","content":"Whole answer."}""");

        Assert.That(stream.FinalText, Is.EqualTo("Whole answer."));
        Assert.That(stream.Progress.Turns, Is.EqualTo(1));
    }
}
