using System.Text.Json;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

/// <summary>
/// What the real CLIs printed without credentials (or with a bad key against a loopback stub), copied from
/// the recordings of tests/Stamina.Worker.Tests/Agents/Recorded (record.sh): each case must classify as below.
/// </summary>
[TestFixture]
public sealed class RecordedCliTests
{
    static readonly Dictionary<string, AgentEndingKind> Expected = new()
    {
        ["claude-no-credentials"] = AgentEndingKind.AuthFailure,
        ["claude-bare-no-credentials"] = AgentEndingKind.AuthFailure,
        ["claude-bad-key"] = AgentEndingKind.AuthFailure,
        ["claude-unknown-flag"] = AgentEndingKind.Crashed,
        ["claude-auth-status"] = AgentEndingKind.Crashed,
        ["codex-no-credentials"] = AgentEndingKind.Timeout,
        ["codex-no-credentials-bounded-retries"] = AgentEndingKind.Crashed,
        ["codex-no-credentials-stub-401"] = AgentEndingKind.AuthFailure,
        ["codex-login-status"] = AgentEndingKind.AuthFailure,
        ["codex-resume-no-credentials"] = AgentEndingKind.Crashed,
        ["codex-resume-sandbox-no-credentials"] = AgentEndingKind.Crashed,
        ["gemini-no-credentials"] = AgentEndingKind.AuthFailure,
        ["gemini-no-credentials-json"] = AgentEndingKind.AuthFailure,
        ["gemini-bad-key"] = AgentEndingKind.AuthFailure,
        ["gemini-untrusted-folder"] = AgentEndingKind.Crashed,
    };

    // Where record.sh writes them (copied beside the tests by the project file).
    static string RecordedDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Agents", "Recorded");

    [Test]
    public void Should_have_an_expectation_for_every_recorded_case()
    {
        var cases = Directory.GetFiles(RecordedDirectory, "*.meta.json").Select(path => Path.GetFileName(path)[..^".meta.json".Length]);

        Assert.That(cases, Is.EquivalentTo(Expected.Keys));
    }

    [TestCaseSource(nameof(Cases))]
    public void Should_classify_what_the_real_cli_printed(string name)
    {
        var harness = AgentHarnesses.Find(name.Split('-')[0])!;
        var stream = harness.CreateStream(StreamFiles.Clock());
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(RecordedDirectory, $"{name}.meta.json")));
        var timedOut = meta.RootElement.GetProperty("timedOut").GetBoolean();
        var exit = new AgentExit
        {
            ExitCode = meta.RootElement.GetProperty("exitCode").GetInt32(),
            KilledByUs = timedOut,
            TimedOut = timedOut,
            StandardErrorTail = File.ReadAllText(Path.Combine(RecordedDirectory, $"{name}.stderr.txt")),
        };
        foreach (var line in File.ReadAllLines(Path.Combine(RecordedDirectory, $"{name}.stdout.jsonl")))
        {
            stream.Observe(line);
        }

        var ending = stream.Classify(exit);

        Assert.That(ending.Kind, Is.EqualTo(Expected[name]), ending.Message);
        Assert.That(ending.Message, Is.Not.Empty);
    }

    [Test]
    public void Should_read_the_session_and_model_of_the_recorded_claude_run()
    {
        var stream = new ClaudeStream(StreamFiles.Clock());
        foreach (var line in File.ReadAllLines(Path.Combine(RecordedDirectory, "claude-no-credentials.stdout.jsonl")))
        {
            stream.Observe(line);
        }

        Assert.That(stream.Progress.SessionId, Is.EqualTo("5f1c3a52-8d4e-4b7a-9c2f-1e2d3c4b5a69"));
        Assert.That(stream.Progress.Model, Is.EqualTo("claude-sonnet-5-5"));
        Assert.That(stream.Progress.CostUsd, Is.EqualTo(0m));
        Assert.That(stream.Classify(StreamFiles.Exit(1)).Message, Does.Contain("Not logged in"));
    }

    static IEnumerable<string> Cases() => Expected.Keys;
}
