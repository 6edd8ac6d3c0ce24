using System.Text.Json;
using NUnit.Framework.Interfaces;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Webhooks told by a real fleet, received by real HTTP endpoints on loopback: what arrives, once; and endpoints that
/// hang or fail never slow or fail the work.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class NotificationTests(FleetMode mode)
{
    Fleet? fleet;
    readonly List<WebhookReceiver> receivers = [];

    WebhookReceiver Receiver(WebhookAnswer answer = WebhookAnswer.Ok)
    {
        var receiver = new WebhookReceiver(answer);
        receivers.Add(receiver);
        return receiver;
    }

    async Task<Fleet> StartAsync(Dictionary<string, string> settings)
    {
        settings["Stamina__Notifications__PollInterval"] = "00:00:00.300";
        settings["Stamina__Notifications__Settle"] = "00:00:00.300";
        fleet = await Fleet.StartAsync(new FleetOptions { Mode = mode, Workers = 2, CoordinatorSettings = settings });
        return fleet;
    }

    [TearDown]
    public async Task Stop()
    {
        if (fleet is not null)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
                fleet.WriteLogs(TestContext.Out);
            await fleet.DisposeAsync();
            fleet = null;
        }
        foreach (var receiver in receivers)
            await receiver.DisposeAsync();
        receivers.Clear();
    }

    static List<JsonElement> Events(WebhookReceiver receiver, string kind) =>
        [.. receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).Where(e => e.GetProperty("event").GetString() == kind)];

    [Test]
    public async Task When_an_item_fails_and_the_batch_and_queue_end_Should_notify_each_once_in_each_format()
    {
        var json = Receiver();
        var ntfy = Receiver();
        var slack = Receiver();
        var fleet = await StartAsync(new Dictionary<string, string>
        {
            ["Stamina__Notifications__Webhooks__0__Url"] = json.Url,
            ["Stamina__Notifications__Webhooks__1__Url"] = ntfy.Url,
            ["Stamina__Notifications__Webhooks__1__Format"] = "ntfy",
            ["Stamina__Notifications__Webhooks__1__Events__0"] = "queue.drained",
            ["Stamina__Notifications__Webhooks__2__Url"] = slack.Url,
            ["Stamina__Notifications__Webhooks__2__Format"] = "slack",
            ["Stamina__Notifications__Webhooks__2__MinimumLevel"] = "error",
        });

        var failing = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 1,
            labels = new { batch = "night-1" },
            command = new[] { "sh", "-c", "echo broken >&2; exit 3" },
        })).Id();
        var passing = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, labels = new { batch = "night-1" }, command = new[] { "true" } })).Id();
        await fleet.WaitForStateAsync(failing, "Failed", TimeSpan.FromSeconds(60));
        await fleet.WaitForStateAsync(passing, "Succeeded", TimeSpan.FromSeconds(60));

        await Eventually.UntilAsync(() => Task.FromResult(Events(json, "queue.drained").Count == 1 && ntfy.Received.Count == 1),
            TimeSpan.FromSeconds(30), "the shift's summary on both webhooks");
        // Proving "once" needs a few more passes (0.3 s each) to have had the chance to repeat it.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var failed = Events(json, "item.failed");
        Assert.That(failed, Has.Count.EqualTo(1));
        Assert.That(failed[0].GetProperty("level").GetString(), Is.EqualTo("error"));
        Assert.That(failed[0].GetProperty("data").GetProperty("itemId").GetString(), Is.EqualTo(failing.ToString()));
        Assert.That(failed[0].GetProperty("text").GetString(), Does.Contain("broken"));
        var batch = Events(json, "batch.ended");
        Assert.That(batch, Has.Count.EqualTo(1));
        Assert.That(batch[0].GetProperty("title").GetString(), Is.EqualTo("Batch night-1 ended"));
        Assert.That(batch[0].GetProperty("data").GetProperty("succeeded").GetInt32(), Is.EqualTo(1));
        Assert.That(batch[0].GetProperty("data").GetProperty("failed").GetInt32(), Is.EqualTo(1));
        var drained = Events(json, "queue.drained").Single();
        Assert.That(drained.GetProperty("text").GetString(), Does.StartWith("1 succeeded, 1 failed, 0 cancelled in "));

        var shift = ntfy.Received.Single();
        Assert.That(shift.Headers["Title"], Is.EqualTo("Queue drained: the shift is over"));
        Assert.That(shift.Headers["Priority"], Is.EqualTo("4"), "a failure in the shift makes its summary a warning");
        Assert.That(shift.Body, Does.StartWith("1 succeeded, 1 failed"));

        var errorsOnly = slack.Received.Single();
        Assert.That(JsonDocument.Parse(errorsOnly.Body).RootElement.GetProperty("text").GetString(), Does.Contain($"Item {failing} failed (exit)"));
    }

    [Test]
    public async Task When_endpoints_hang_or_answer_500_Should_keep_working_retry_then_give_up_with_a_log_and_a_metric()
    {
        var hanging = Receiver(WebhookAnswer.Hang);
        var broken = Receiver(WebhookAnswer.ServerError);
        var fleet = await StartAsync(new Dictionary<string, string>
        {
            ["Stamina__Notifications__Webhooks__0__Name"] = "hangs",
            ["Stamina__Notifications__Webhooks__0__Url"] = hanging.Url,
            ["Stamina__Notifications__Webhooks__1__Name"] = "broken",
            ["Stamina__Notifications__Webhooks__1__Url"] = broken.Url,
            ["Stamina__Notifications__Timeout"] = "00:00:01",
            ["Stamina__Notifications__RetryDelay"] = "00:00:00.200",
            ["Stamina__Notifications__Retries"] = "2",
        });

        var failing = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, maxAttempts = 1, command = new[] { "false" } })).Id();
        await fleet.WaitForStateAsync(failing, "Failed", TimeSpan.FromSeconds(60));
        // While the first notification hangs and fails, more work comes and goes as usual.
        var items = new List<Guid>();
        for (var i = 0; i < 4; i++)
            items.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id());
        foreach (var id in items)
        {
            var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(30));
            Assert.That(item.Attempts(), Has.Count.EqualTo(1));
        }

        await Eventually.UntilAsync(() => Task.FromResult(fleet.Coordinator.Output.Any(l => l.Contains("Gave up notification item.failed") && l.Contains("broken"))),
            TimeSpan.FromSeconds(30), "the 500 delivery to be given up in the log");
        await Eventually.UntilAsync(() => Task.FromResult(fleet.Coordinator.Output.Any(l => l.Contains("Gave up notification item.failed") && l.Contains("hangs"))),
            TimeSpan.FromSeconds(30), "the hanging delivery to be given up in the log");

        Assert.That(broken.Received.Count(r => r.Body.Contains("item.failed")), Is.EqualTo(3), "one try and two retries");
        Assert.That(hanging.Received.Count(r => r.Body.Contains("item.failed")), Is.EqualTo(3), "each try timed out and was retried");
        var log = string.Join('\n', fleet.Coordinator.Output);
        Assert.That(log, Does.Contain($"({broken.Root}…)"), "the URL is shown by its host only");
        Assert.That(log, Does.Not.Contain(broken.Secret).And.Not.Contain(hanging.Secret));
        var metrics = await fleet.Api.GetStringAsync("/metrics");
        // The failure, and the queue's drain summaries (after the failure, and again after the rest), all meet the same fate.
        Assert.That(Counted(metrics, "broken", "given_up"), Is.GreaterThanOrEqualTo(1));
        Assert.That(Counted(metrics, "hangs", "given_up"), Is.GreaterThanOrEqualTo(1));
        Assert.That(Counted(metrics, "hangs", "retried"), Is.GreaterThanOrEqualTo(2));
        Assert.That(Counted(metrics, "broken", "delivered") + Counted(metrics, "hangs", "delivered"), Is.Zero);
    }

    /// <summary>The value of <c>stamina_notifications_total</c> for one webhook and outcome, whatever the label order.</summary>
    static double Counted(string metrics, string webhook, string outcome) => metrics.Split('\n')
        .Where(line => line.StartsWith("stamina_notifications_total{", StringComparison.Ordinal)
            && line.Contains($"webhook=\"{webhook}\"", StringComparison.Ordinal) && line.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal))
        .Select(line => double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
        .DefaultIfEmpty(0).Sum();
}
