using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>A daily spend cap reached: dispatch stops, stats and the items say why, and one notification goes out.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class SpendCapTests(FleetMode mode) : FleetTestBase(mode)
{
    readonly WebhookReceiver hook = new();

    private protected override FleetOptions Options => new()
    {
        Workers = 1,
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__Spend__DailyUsd"] = "0.03",
            ["Stamina__Notifications__Webhooks__0__Url"] = hook.Url,
            ["Stamina__Notifications__Webhooks__0__Events__0"] = "spend.cap_reached",
            ["Stamina__Notifications__PollInterval"] = "00:00:00.300",
            ["Stamina__Notifications__Settle"] = "00:00:00.300",
        },
    };

    [OneTimeTearDown]
    public async Task StopHook() => await hook.DisposeAsync();

    [Test]
    public async Task When_the_daily_cap_is_reached_Should_stop_dispatch_say_why_and_notify_once()
    {
        var first = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake: succeed turns=2 cost=0.02" })).Id();
        await fleet.WaitForStateAsync(first, "Succeeded", TimeSpan.FromSeconds(60));
        var second = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();

        var waiting = (await fleet.ItemAsync(second)).GetProperty("waiting");
        Assert.That(waiting.Text("kind"), Is.EqualTo("cap"));
        Assert.That(waiting.Text("detail"), Does.StartWith("the daily spend cap of $0.03 is reached ($0.04 spent on"));
        Assert.That(waiting.Text("until"), Is.Not.Null);
        var stats = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/stats")).RootElement;
        var cap = stats.GetProperty("dispatch").GetProperty("capsReached").EnumerateArray().Single();
        Assert.That((cap.Text("kind"), cap.GetProperty("spentUsd").GetDecimal()), Is.EqualTo(("day", 0.04m)));
        var cli = await CliRun.RunAsync(new Dictionary<string, string> { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" }, "stats");
        Assert.That(cli.Output, Does.Contain("the daily spend cap of $0.03 is reached"));

        await Eventually.UntilAsync(() => Task.FromResult(Notices().Count == 1), TimeSpan.FromSeconds(30), "the cap's notification");
        var until = DateTimeOffset.UtcNow.AddSeconds(3);
        while (DateTimeOffset.UtcNow < until)
        {
            Assert.That((await fleet.ItemAsync(second)).State(), Is.EqualTo("Queued"), "nothing is released past the cap");
            await Task.Delay(250);
        }
        Assert.That(Notices(), Has.Count.EqualTo(1), "once per cap reached, not once per pass");
        Assert.That(Notices()[0].GetProperty("data").GetProperty("cap").GetString(), Is.EqualTo("day"));
    }

    List<JsonElement> Notices() =>
        [.. hook.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).Where(e => e.GetProperty("event").GetString() == "spend.cap_reached")];
}
