using System.Text.Json.Nodes;
using Stamina.FakeAgent.Tests.Running;
using Stamina.Testing;

namespace Stamina.FakeAgent.Tests.Modes;

/// <summary>Usage limits of a whole account, kept in its config dir across runs.</summary>
public class AccountLimitTests : WorkspaceTest
{
    TemporaryDirectory account = null!;

    string StatePath => account.Combine("fake-agent-state.json");

    [SetUp]
    public void CreateAccount() => account = new TemporaryDirectory("fake-account");

    [TearDown]
    public void DeleteAccount() => account.Dispose();

    [Test]
    public async Task When_runs_pass_after_runs_Should_limit_until_the_reset_then_let_runs_through()
    {
        await ConfigureAsync("""{"usageLimit":{"afterRuns":1,"resetInSeconds":2,"times":1}}""");
        var claude = new Dictionary<string, string> { ["CLAUDE_CONFIG_DIR"] = account.Path };
        const string prompt = "fake: succeed turns=1 delay=0ms";

        var first = await RunAsync(AgentArguments.Claude(), prompt, claude);
        var second = await RunAsync(AgentArguments.Claude(), prompt, claude);
        var third = await RunAsync(AgentArguments.Claude(), prompt, claude);

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(WorkLog(), Has.Count.EqualTo(1), "limited runs edit nothing");
        var limitedUntil = DateTimeOffset.Parse((string)ReadState()["limitedUntil"]!, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var limited in new[] { second, third })
        {
            Assert.That(limited.ExitCode, Is.EqualTo(1), limited.ToString());
            var info = limited.Single("rate_limit_event")["rate_limit_info"]!;
            Assert.That((string?)info["status"], Is.EqualTo("rejected"));
            Assert.That((long?)info["resetsAt"], Is.EqualTo((long)Math.Ceiling(limitedUntil.ToUnixTimeMilliseconds() / 1000.0)));
            Assert.That((string?)limited.Single("result")["result"], Does.StartWith("You've hit your limit"));
        }

        var runs = 3;
        FakeAgentOutput? freed = null;
        await Eventually.UntilAsync(async () =>
        {
            runs++;
            freed = await RunAsync(AgentArguments.Claude(), prompt, claude);
            return freed.ExitCode == 0;
        }, TimeSpan.FromSeconds(15), "a run after the reset succeeds");
        Assert.That(DateTimeOffset.UtcNow, Is.GreaterThanOrEqualTo(limitedUntil));

        var afterwards = await RunAsync(AgentArguments.Claude(), prompt, claude);
        Assert.That(afterwards.ExitCode, Is.EqualTo(0), "times=1: no second window");
        Assert.That((int?)ReadState()["runs"], Is.EqualTo(runs + 1));
        Assert.That(WorkLog(), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task When_runs_of_one_account_start_together_Should_count_every_one_under_the_lock()
    {
        await ConfigureAsync("""{"usageLimit":{"afterRuns":2,"resetInSeconds":60}}""");
        var codex = new Dictionary<string, string> { ["CODEX_HOME"] = account.Path };

        var agents = Enumerable.Range(0, 5)
            .Select(_ => FakeAgentProcess.Start(AgentArguments.Codex(), "fake: succeed turns=1 delay=0ms", Workspace, codex))
            .ToList();
        var outputs = await Task.WhenAll(agents.Select(agent => agent.WaitAsync(TimeSpan.FromSeconds(20))));
        agents.ForEach(agent => agent.Dispose());

        Assert.That(outputs.Select(output => output.ExitCode).Order(), Is.EqualTo(new[] { 0, 0, 1, 1, 1 }));
        Assert.That(outputs.Where(output => output.ExitCode == 1).Select(output => (string?)output.Single("error")["message"]),
            Has.All.StartWith("You've hit your usage limit"));
        Assert.That((int?)ReadState()["runs"], Is.EqualTo(5));
        Assert.That(WorkLog(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task When_gemini_home_holds_the_limit_Should_apply_it_in_gemini_mode_only()
    {
        await ConfigureAsync("""{"usageLimit":{"afterRuns":0,"resetInSeconds":60}}""");

        var asClaude = await RunAsync(AgentArguments.Claude(), "fake: succeed turns=1 delay=0ms",
            new Dictionary<string, string> { ["GEMINI_CLI_HOME"] = account.Path });
        var asGemini = await RunAsync(AgentArguments.Gemini(), "fake: succeed turns=1 delay=0ms",
            new Dictionary<string, string> { ["GEMINI_CLI_HOME"] = account.Path });

        Assert.That(asClaude.ExitCode, Is.EqualTo(0), "claude's account is CLAUDE_CONFIG_DIR");
        Assert.That(asGemini.ExitCode, Is.EqualTo(1));
        Assert.That((string?)asGemini.Single("error")["message"], Does.Contain("429"));
        Assert.That(WorkLog(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task When_the_config_file_is_broken_Should_exit_2()
    {
        await ConfigureAsync("""{"usageLimit":{"afterRuns":"two"}}""");

        var output = await RunAsync(AgentArguments.Codex(), "fake: succeed", new Dictionary<string, string> { ["CODEX_HOME"] = account.Path });

        Assert.That(output.ExitCode, Is.EqualTo(2));
        Assert.That(output.Stderr, Does.Contain("fake-agent.json"));
    }

    Task ConfigureAsync(string json) => File.WriteAllTextAsync(account.Combine("fake-agent.json"), json);

    JsonNode ReadState() => JsonNode.Parse(File.ReadAllText(StatePath))!;
}
