using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>A limited account, a failed login that pauses a worker, and a worker killed: each told once to a webhook.</summary>
[TestFixture]
public sealed class AccountAndWorkerNotificationTests
{
    [Test]
    public async Task When_an_account_is_limited_then_fails_auth_and_its_worker_dies_Should_notify_each()
    {
        await using var receiver = new WebhookReceiver();
        await using var fleet = await Fleet.StartAsync(new FleetOptions
        {
            Workers = 0,
            CoordinatorSettings = new Dictionary<string, string>
            {
                ["Stamina__Notifications__PollInterval"] = "00:00:00.300",
                ["Stamina__Notifications__Settle"] = "00:00:00.300",
                ["Stamina__Notifications__Webhooks__0__Url"] = receiver.Url,
                ["Stamina__Notifications__Webhooks__0__Events__0"] = "account.limited",
                ["Stamina__Notifications__Webhooks__0__Events__1"] = "account.auth_failed",
                ["Stamina__Notifications__Webhooks__0__Events__2"] = "worker.paused",
                ["Stamina__Notifications__Webhooks__0__Events__3"] = "worker.lost",
            },
        });
        try
        {
            File.WriteAllText(Path.Combine(fleet.AccountDir("a"), "fake-agent.json"),
                JsonSerializer.Serialize(new { usageLimit = new { afterRuns = 0, resetInSeconds = 3, times = 1 } }));
            var worker = await fleet.StartWorkerAsync("worker-a", account: "a");

            var limited = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake: succeed turns=1" })).Id();
            await fleet.WaitForStateAsync(limited, "Succeeded", TimeSpan.FromSeconds(60));
            await WaitForAsync(receiver, "account.limited");

            await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake[1]: auth-failure" });
            var paused = await WaitForAsync(receiver, "worker.paused");
            var auth = await WaitForAsync(receiver, "account.auth_failed");

            worker.Signal(Signals.Kill);
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
            fleet.Retire(worker);
            var lost = await WaitForAsync(receiver, "worker.lost");

            Assert.That(Events(receiver).Select(e => e.GetProperty("event").GetString()),
                Is.EqualTo(new[] { "account.limited", "worker.paused", "account.auth_failed", "worker.lost" }).Or
                    .EqualTo(new[] { "account.limited", "account.auth_failed", "worker.paused", "worker.lost" }), "each once");
            Assert.That(Events(receiver)[0].GetProperty("data").GetProperty("account").GetString(), Is.EqualTo("a"));
            Assert.That(paused.GetProperty("text").GetString(), Does.Contain("Not logged in").And.Contain("stamina workers resume worker-a"));
            Assert.That(auth.GetProperty("title").GetString(), Is.EqualTo("Account a failed to log in"));
            Assert.That(lost.GetProperty("level").GetString(), Is.EqualTo("error"));
            Assert.That(lost.GetProperty("data").GetProperty("worker").GetString(), Is.EqualTo("worker-a"));
        }
        catch
        {
            fleet.WriteLogs(TestContext.Out);
            throw;
        }
    }

    static List<JsonElement> Events(WebhookReceiver receiver) =>
        [.. receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone())];

    static async Task<JsonElement> WaitForAsync(WebhookReceiver receiver, string kind)
    {
        await Eventually.UntilAsync(() => Task.FromResult(Events(receiver).Any(e => e.GetProperty("event").GetString() == kind)),
            TimeSpan.FromSeconds(60), $"a {kind} notification");
        return Events(receiver).Single(e => e.GetProperty("event").GetString() == kind);
    }
}
