using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>Pause and resume of dispatch, and the price table, end to end, through the API and the CLI as a user would.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class DispatchGateTests(FleetMode mode) : FleetTestBase(mode)
{
    private protected override FleetOptions Options => new()
    {
        Workers = 1,
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__Prices__gpt-5-codex__InputPerMillionUsd"] = "1250",
            ["Stamina__Prices__gpt-5-codex__CachedInputPerMillionUsd"] = "125",
            ["Stamina__Prices__gpt-5-codex__OutputPerMillionUsd"] = "10000",
            ["Stamina__Prices__gemini-2.5-pro__InputPerMillionUsd"] = "1250",
            ["Stamina__Prices__gemini-2.5-pro__OutputPerMillionUsd"] = "10000",
        },
    };

    Dictionary<string, string> Cli => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    [Test]
    public async Task When_dispatch_is_paused_Should_keep_queued_items_waiting_with_reason_pause_until_resumed()
    {
        var pause = await CliRun.RunAsync(Cli, "dispatch", "pause", "--reason", "deploying the API");
        Assert.That(pause.ExitCode, Is.Zero, pause.Error);
        Assert.That(pause.Output, Does.Contain("paused (whole fleet)").And.Contain("deploying the API"));
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();

        var waiting = (await fleet.ItemAsync(id)).GetProperty("waiting");
        Assert.That((waiting.Text("kind"), waiting.Text("detail")), Is.EqualTo(("pause", "dispatch is paused: deploying the API")));
        await StaysQueuedAsync(id);
        var show = await CliRun.RunAsync(Cli, "show", id.ToString());
        Assert.That(show.Output, Does.Contain("Waiting").And.Contain("pause: dispatch is paused: deploying the API"));
        var list = await CliRun.RunAsync(Cli, "list");
        Assert.That(list.Output, Does.Contain("Queued (pause)"));
        var stats = await CliRun.RunAsync(Cli, "stats");
        Assert.That(stats.Output, Does.Contain("Dispatch").And.Contain("dispatch is paused: deploying the API"));

        var resume = await CliRun.RunAsync(Cli, "dispatch", "resume");
        Assert.That((resume.ExitCode, resume.Output), Is.EqualTo((0, resume.Output)));
        Assert.That(resume.Output, Does.Contain("releasing"));
        var done = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(done.GetProperty("waiting").ValueKind, Is.EqualTo(JsonValueKind.Null), "a finished item waits for nothing");
    }

    [Test]
    public async Task When_one_pool_is_paused_Should_hold_its_items_and_release_them_when_that_pool_resumes()
    {
        var pause = await CliRun.RunAsync(Cli, "dispatch", "pause", "--pool", "default");
        Assert.That(pause.ExitCode, Is.Zero, pause.Error);
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        Assert.That((await fleet.ItemAsync(id)).GetProperty("waiting").Text("detail"), Is.EqualTo("dispatch is paused for pool default"));
        await StaysQueuedAsync(id);

        var state = await CliRun.RunAsync(Cli, "dispatch", "--json");
        var pauses = JsonDocument.Parse(state.Output).RootElement.GetProperty("pauses");
        Assert.That(pauses.EnumerateArray().Select(p => p.Text("pool")), Is.EqualTo(new[] { "default" }));
        Assert.That((await CliRun.RunAsync(Cli, "dispatch", "resume", "--pool", "default")).ExitCode, Is.Zero);
        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
    }

    [TestCase("codex", "gpt-5-codex")]
    [TestCase("gemini", "gemini-2.5-pro")]
    public async Task When_an_agent_reports_tokens_but_no_cost_Should_price_its_run_from_the_table(string harness, string model)
    {
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness, model, prompt = "fake: succeed turns=2" })).Id();

        var attempt = (await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60))).Attempts().Single();
        var input = attempt.GetProperty("inputTokens").GetInt64();
        var cached = attempt.GetProperty("cacheReadTokens").GetInt64();
        var output = attempt.GetProperty("outputTokens").GetInt64();
        var cachedPrice = harness == "codex" ? 125m : 1250m;
        var expected = Math.Round(((input - cached) * 1250m + cached * cachedPrice + output * 10000m) / 1_000_000m, 6);
        Assert.That(input, Is.GreaterThan(0));
        Assert.That(attempt.GetProperty("costUsd").GetDecimal(), Is.EqualTo(expected));
        Assert.That(attempt.Text("model"), Is.EqualTo(model));
    }

    /// <summary>Nothing may start it while the worker is idle: watched for a while, since "never" cannot be waited for.</summary>
    async Task StaysQueuedAsync(Guid id)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(3);
        while (DateTimeOffset.UtcNow < until)
        {
            Assert.That((await fleet.ItemAsync(id)).State(), Is.EqualTo("Queued"));
            await Task.Delay(250);
        }
    }
}
