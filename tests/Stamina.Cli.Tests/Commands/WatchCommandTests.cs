using System.Globalization;
using System.Text.RegularExpressions;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina watch</c> with stdout redirected: one plain snapshot per refresh.</summary>
public class WatchCommandTests
{
    const string AgentId = SampleAgentJson.AgentId;
    const string QueuedId = SampleAgentJson.QueuedId;
    const string RunningList = "/api/items?state=Running&pool=night&limit=1000";
    const string QueuedList = "/api/items?state=Queued&pool=night&limit=1000";

    static readonly string Empty = SampleAgentJson.List();

    [TestCase("Succeeded", ExitCodes.Ok)]
    [TestCase("Failed", ExitCodes.ItemFailed)]
    public async Task When_until_done_Should_print_snapshots_until_nothing_is_queued_or_running_then_exit_by_the_outcome(
        string queuedItemEnd, int exitCode)
    {
        // Refresh 1: one running agent item, one queued; refresh 2: the queued one runs; refresh 3: both have finished.
        var queuedItem = SampleAgentJson.Item(QueuedId, "Queued");
        var queuedRunning = SampleAgentJson.Item(QueuedId, "Running", attempt: 1, extra: ", \"holder\": \"worker-beta\"");
        await using var coordinator = LoopbackCoordinator.Start()
            .OnSequence("GET", RunningList,
                new CannedResponse(200, SampleAgentJson.List(SampleAgentJson.Item(AgentId, "Running", attempt: 2))),
                new CannedResponse(200, SampleAgentJson.List(queuedRunning)),
                new CannedResponse(200, Empty))
            .OnSequence("GET", QueuedList,
                new CannedResponse(200, SampleAgentJson.List(queuedItem)),
                new CannedResponse(200, Empty))
            .OnSequence("GET", $"/api/items/{AgentId}",
                new CannedResponse(200, SampleAgentJson.RunningAgentItem),
                new CannedResponse(200, SampleAgentJson.Item(AgentId, "Succeeded", attempt: 2)))
            .OnSequence("GET", $"/api/items/{QueuedId}",
                new CannedResponse(200, queuedRunning),
                new CannedResponse(200, SampleAgentJson.Item(QueuedId, queuedItemEnd, attempt: 1)))
            .On("GET", "/api/workers", 200, SampleAgentJson.Workers);

        var result = await CliRunner.RunOnFakeClockAsync(CliRunner.Against(coordinator, "watch", "--pool", "night", "--until-done"));

        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
        var snapshots = result.Stdout.Split("pool night: ").Skip(1).ToList();
        Assert.That(snapshots, Has.Count.EqualTo(3), result.Stdout);
        Assert.That(snapshots[0], Does.StartWith("1 running, 1 queued, 0 finished while watching"));
        Assert.That(Line(snapshots[0], "5e6f7a8b"), Does.Contain("Running").And.Contain("worker-alpha").And.Contain("7")
            .And.Contain("$0.4215").And.Contain("Bash"), "progress comes from the item itself");
        Assert.That(Line(snapshots[0], "9a8b7c6d"), Does.Contain("Queued"));
        Assert.That(Line(snapshots[0], "worker-beta"), Does.Contain("limited").And.Contain("in 4h"));
        Assert.That(snapshots[0], Does.Not.Contain("worker-gamma"), "a worker of another pool is left out");
        Assert.That(Line(snapshots[1], "9a8b7c6d"), Does.Contain("Running").And.Contain("worker-beta"));
        Assert.That(Line(snapshots[1], "5e6f7a8b"), Does.Contain("Succeeded"));
        Assert.That(snapshots[2], Does.StartWith("0 running, 0 queued, 2 finished while watching"));
        Assert.That(Line(snapshots[2], "9a8b7c6d"), Does.Contain(queuedItemEnd));
        Assert.That(result.Stdout, Does.Not.Contain("\u001b"), "no escape codes when not a terminal");
    }

    [Test]
    public async Task When_nothing_is_queued_or_running_Should_print_one_snapshot_and_exit_0_with_until_done()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", "/api/items", 200, Empty)
            .On("GET", "/api/workers", 200, """{ "workers": [] }""");

        var result = await CliRunner.RunOnFakeClockAsync(CliRunner.Against(coordinator, "watch", "--until-done"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain("all pools: 0 running, 0 queued").And.Contain("No items queued or running.").And.Contain("No workers."));
        Assert.That(coordinator.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[]
        {
            "/api/items?state=Running&limit=1000", "/api/items?state=Queued&limit=1000", "/api/workers",
        }));
    }

    [Test]
    public async Task When_not_until_done_Should_keep_refreshing_at_the_interval_until_interrupted()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", "/api/items?state=Running&limit=1000", 200, Empty)
            .On("GET", "/api/items?state=Queued&limit=1000", 200, SampleAgentJson.List(SampleAgentJson.Item(QueuedId, "Queued")))
            .On("GET", "/api/workers", 200, """{ "workers": [] }""");
        using var interrupt = new CancellationTokenSource();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var stdout = new StringWriter();
        var context = new CliContext { Out = stdout, Error = TextWriter.Null, Clock = clock, Environment = new Dictionary<string, string>() };

        var run = StaminaCommandLine.InvokeAsync(CliRunner.Against(coordinator, "watch", "--interval", "5s"), context, interrupt.Token);
        // Move the fake clock a second at a time until the third snapshot; each snapshot's header says when it was taken.
        await Stamina.Testing.Eventually.UntilAsync(() =>
        {
            if (coordinator.Requests.Count >= 9)
                return true;
            clock.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, TimeSpan.FromSeconds(10), "three snapshots are taken");
        await interrupt.CancelAsync();

        Assert.That(await run, Is.EqualTo(ExitCodes.Interrupted));
        Assert.That(coordinator.Requests.All(r => r.Path is "/api/items" or "/api/workers"), Is.True);
        var taken = Regex.Matches(stdout.ToString(), @"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)  all pools", RegexOptions.Multiline)
            .Select(m => DateTime.ParseExact(m.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).ToList();
        Assert.That(taken, Has.Count.GreaterThanOrEqualTo(3), stdout.ToString());
        Assert.That(taken[1] - taken[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)), "no refresh before the interval has passed");
        Assert.That(taken[2] - taken[1], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task When_stdout_is_a_terminal_Should_draw_the_board_with_a_live_display()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", "/api/items", 200, Empty)
            .On("GET", "/api/workers", 200, SampleAgentJson.Workers);
        using var stdout = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = TextWriter.Null,
            OutputIsTerminal = true,
            Environment = new Dictionary<string, string> { ["TERM"] = "xterm-256color" },
        };

        var exitCode = await StaminaCommandLine.InvokeAsync(CliRunner.Against(coordinator, "watch", "--until-done"), context);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Ok));
        Assert.That(stdout.ToString(), Does.Contain("No items queued or running.").And.Contain("worker-gamma"));
    }

    static string Line(string text, string containing) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(containing, StringComparison.Ordinal)) ?? $"(no line with {containing})";
}
