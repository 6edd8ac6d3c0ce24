using System.Diagnostics;
using Stamina.FakeAgent.Tests.Running;
using Stamina.Testing;

namespace Stamina.FakeAgent.Tests.Modes;

/// <summary>Behaviours about the stream and the process rather than one dialect's events.</summary>
public class StreamBehaviourTests : WorkspaceTest
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task When_told_to_write_garbage_Should_mix_bad_lines_into_a_stream_that_still_succeeds()
    {
        var output = await RunAsync(AgentArguments.Claude(), "fake: garbage turns=2 delay=0ms");

        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(0));
            Assert.That(output.Stdout, Does.Contain((byte)0xFF), "raw invalid UTF-8");
            Assert.That(() => output.Events, Throws.Exception, "not every line is JSON");
            Assert.That(output.Lines, Does.Contain("Loading configuration... (this line is not JSON)"));
            Assert.That(output.ParsableEvents.Select(message => (string?)message["type"]), Does.Contain("fake_unknown_event"));
            Assert.That(output.Lines.Count(line => line.StartsWith('{') && !line.EndsWith('}')), Is.EqualTo(1), "one truncated line");
            Assert.That((string?)output.ParsableEvents[^1]["subtype"], Is.EqualTo("success"));
            Assert.That(WorkLog(), Has.Count.EqualTo(2));
        });
    }

    [TestCase("claude")]
    [TestCase("codex")]
    [TestCase("gemini")]
    public async Task When_told_to_crash_Should_die_by_a_signal_mid_line(string dialect)
    {
        var output = await RunAsync(Arguments(dialect), "fake: crash turns=1 delay=0ms");

        Assert.Multiple(() =>
        {
            Assert.That(output.ExitCode, Is.EqualTo(137), output.ToString());
            Assert.That(output.Stdout[^1], Is.Not.EqualTo((byte)'\n'), "the last line is cut off");
            Assert.That(() => System.Text.Json.Nodes.JsonNode.Parse(output.Lines[^1]), Throws.InstanceOf<System.Text.Json.JsonException>());
            Assert.That(WorkLog(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task When_told_to_hang_Should_keep_reporting_until_SIGTERM_then_exit_143()
    {
        using var agent = FakeAgentProcess.Start(AgentArguments.Claude(), "fake: hang every=100ms delay=0ms", Workspace);

        await Eventually.UntilAsync(
            () => agent.LinesSoFar().Count(line => line.Contains("Still working", StringComparison.Ordinal)) >= 3,
            Patience, "three 'still working' events");
        Assert.That(WorkLog(), Has.Count.EqualTo(1));
        var clock = Stopwatch.StartNew();
        agent.Signal("TERM");
        var output = await agent.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(output.ExitCode, Is.EqualTo(143));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(output.OfType("result"), Is.Empty);
    }

    [Test]
    public async Task When_its_reader_goes_away_Should_end_instead_of_hanging_on()
    {
        using var agent = FakeAgentProcess.Start(AgentArguments.Gemini(), "fake: hang every=50ms delay=0ms", Workspace);
        await Eventually.UntilAsync(() => agent.LinesSoFar().Count > 0, Patience, "the first event");

        agent.CloseOutput();
        var output = await agent.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(output.ExitCode, Is.EqualTo(1));
        Assert.That(output.Stderr, Does.Contain("Broken pipe"));
    }

    [Test]
    public async Task When_told_to_stall_Should_write_nothing_after_its_first_turn()
    {
        using var agent = FakeAgentProcess.Start(AgentArguments.Codex(), "fake: stall delay=0ms", Workspace);
        await Eventually.UntilAsync(
            () => agent.LinesSoFar().Any(line => line.Contains("file_change", StringComparison.Ordinal)), Patience, "the first turn");
        var bytesAfterTurn = agent.BytesSoFar();

        // A deliberate observation window: output would arrive within it if the fake were still talking.
        await Task.Delay(TimeSpan.FromMilliseconds(600));

        Assert.That(agent.BytesSoFar(), Is.EqualTo(bytesAfterTurn));
        Assert.That(agent.HasExited, Is.False);
        agent.Signal("TERM");
        Assert.That((await agent.WaitAsync(TimeSpan.FromSeconds(5))).ExitCode, Is.EqualTo(143));
    }

    [TestCase("claude")]
    [TestCase("codex")]
    [TestCase("gemini")]
    public async Task When_an_attempt_specific_line_matches_STAMINA_ATTEMPT_Should_obey_it(string dialect)
    {
        const string prompt = "fake[2]: succeed turns=1 delay=0ms\nfake: fail turns=0";

        var first = await RunAsync(Arguments(dialect), prompt, Attempt(1));
        var second = await RunAsync(Arguments(dialect), prompt, Attempt(2));

        Assert.That(first.ExitCode, Is.EqualTo(1), first.ToString());
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(WorkLog(), Has.Count.EqualTo(1).And.All.StartWith("attempt 2 "));
    }

    [Test]
    public async Task When_a_directive_is_wrong_Should_exit_2_and_say_why()
    {
        var output = await RunAsync(AgentArguments.Claude(), "fake: succeed turns=3 delay=fast");

        Assert.That(output.ExitCode, Is.EqualTo(2));
        Assert.That(output.Stderr, Does.Contain("'fast' is not a duration"));
        Assert.That(output.Stdout, Is.Empty);
    }

    [Test]
    public async Task When_given_exit_Should_exit_with_that_code_after_a_success_stream()
    {
        var output = await RunAsync(AgentArguments.Codex(), "fake: succeed turns=1 delay=0ms exit=9");

        Assert.That(output.ExitCode, Is.EqualTo(9));
        Assert.That(output.Events[^1]["type"]?.ToString(), Is.EqualTo("turn.completed"));
    }

    [TestCase("claude")]
    [TestCase("codex")]
    [TestCase("gemini")]
    public async Task When_asked_for_help_Should_say_it_is_a_test_double_and_list_every_behaviour(string dialect)
    {
        var output = await RunAsync([.. Arguments(dialect), "--help"], "");

        var text = System.Text.Encoding.UTF8.GetString(output.Stdout);
        Assert.That(output.ExitCode, Is.EqualTo(0));
        Assert.That(text, Does.Contain("TEST DOUBLE").And.Contain("does NO AI work"));
        foreach (var name in Directives.DirectiveParser.BehaviourNames.Keys)
            Assert.That(text, Does.Contain($"\n  {name} "), name);
        foreach (var key in new[] { "turns=", "delay=", "cost=", "sleep=", "exit=", "every=", "reset-in=", "fake[N]:", "fake-agent.json" })
            Assert.That(text, Does.Contain(key));
    }

    static string[] Arguments(string dialect) => dialect switch
    {
        "claude" => AgentArguments.Claude(),
        "codex" => AgentArguments.Codex(),
        _ => AgentArguments.Gemini(),
    };
}
