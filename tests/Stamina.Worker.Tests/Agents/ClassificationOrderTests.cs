using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

[TestFixture]
public sealed class ClassificationOrderTests
{
    static IEnumerable<TestCaseData> Streams() =>
    [
        new TestCaseData(new ClaudeStream(StreamFiles.Clock()), "claude-success.jsonl").SetArgDisplayNames("claude"),
        new TestCaseData(new CodexStream(StreamFiles.Clock()), "codex-success.jsonl").SetArgDisplayNames("codex"),
        new TestCaseData(new GeminiStream(StreamFiles.Clock()), "gemini-success.jsonl").SetArgDisplayNames("gemini"),
    ];

    [TestCaseSource(nameof(Streams))]
    public void Should_put_the_workers_kill_reasons_first(IAgentStream stream, string file)
    {
        StreamFiles.Feed(stream, file);
        var killed = new AgentExit { ExitCode = 137, KilledByUs = true, StandardErrorTail = "Claude AI usage limit reached|1795665600" };

        Assert.Multiple(() =>
        {
            Assert.That(stream.Classify(killed with { Stalled = true, OverBudget = true, OverTurns = true, TimedOut = true }).Kind, Is.EqualTo(AgentEndingKind.Stall));
            Assert.That(stream.Classify(killed with { OverBudget = true, OverTurns = true, TimedOut = true }).Kind, Is.EqualTo(AgentEndingKind.MaxBudget));
            Assert.That(stream.Classify(killed with { OverTurns = true, TimedOut = true }).Kind, Is.EqualTo(AgentEndingKind.MaxTurns));
            Assert.That(stream.Classify(killed with { TimedOut = true }).Kind, Is.EqualTo(AgentEndingKind.Timeout));
            Assert.That(stream.Classify(killed).Kind, Is.EqualTo(AgentEndingKind.UsageLimit), "no kill reason: the stderr text decides");
        });
    }

    [TestCaseSource(nameof(EmptyStreams))]
    public void Should_call_an_empty_stream_with_a_failed_exit_a_crash(IAgentStream stream)
    {
        var ending = stream.Classify(StreamFiles.Exit(1, "Segmentation fault"));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.Crashed));
        Assert.That(ending.ErrorClass, Is.EqualTo("crashed"));
        Assert.That(ending.Message, Does.Contain("code 1").And.Contain("Segmentation fault"));
    }

    [TestCaseSource(nameof(EmptyStreams))]
    public void Should_call_a_clean_exit_without_a_result_a_crash(IAgentStream stream)
    {
        // Exit 0 without a result is a broken protocol, not the item's fault: retried, not failed for good.
        Assert.That(stream.Classify(StreamFiles.Exit(0)).Kind, Is.EqualTo(AgentEndingKind.Crashed));
    }

    [TestCaseSource(nameof(EmptyStreams))]
    public void Should_name_the_signal_of_a_killed_agent(IAgentStream stream)
    {
        var ending = stream.Classify(StreamFiles.Exit(128 + 9));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.Crashed));
        Assert.That(ending.Message, Does.Contain("signal 9"));
    }

    [TestCaseSource(nameof(EmptyStreams))]
    public void Should_prefer_a_usage_limit_over_a_login_failure(IAgentStream stream)
    {
        var ending = stream.Classify(StreamFiles.Exit(1, "401 Unauthorized\nYou've hit your limit · resets 1pm (Europe/Lisbon)"));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.UsageLimit));
        Assert.That(ending.LimitResetsAt, Is.EqualTo(new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero)));
    }

    [TestCaseSource(nameof(EmptyStreams))]
    public void Should_read_a_login_failure_from_stderr(IAgentStream stream)
    {
        var ending = stream.Classify(StreamFiles.Exit(1, "Error: OAuth token has expired. Please obtain a new token or refresh your existing token."));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.AuthFailure));
        Assert.That(ending.ErrorClass, Is.EqualTo("auth"));
    }

    [Test]
    public void Should_map_every_kind_to_its_error_class()
    {
        var classes = Enum.GetValues<AgentEndingKind>().ToDictionary(kind => kind, kind => new AgentEnding(kind, "").ErrorClass);

        Assert.That(classes, Is.EquivalentTo(new Dictionary<AgentEndingKind, string>
        {
            [AgentEndingKind.Succeeded] = "",
            [AgentEndingKind.AgentError] = "agent_error",
            [AgentEndingKind.MaxTurns] = "max_turns",
            [AgentEndingKind.MaxBudget] = "max_budget",
            [AgentEndingKind.Timeout] = "timeout",
            [AgentEndingKind.Stall] = "stall",
            [AgentEndingKind.UsageLimit] = "usage_limit",
            [AgentEndingKind.AuthFailure] = "auth",
            [AgentEndingKind.Crashed] = "crashed",
        }));
    }

    static IEnumerable<TestCaseData> EmptyStreams() =>
    [
        new TestCaseData(new ClaudeStream(StreamFiles.Clock())).SetArgDisplayNames("claude"),
        new TestCaseData(new CodexStream(StreamFiles.Clock())).SetArgDisplayNames("codex"),
        new TestCaseData(new GeminiStream(StreamFiles.Clock())).SetArgDisplayNames("gemini"),
    ];
}
