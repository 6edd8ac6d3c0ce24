using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Two coordinator replicas on one PostgreSQL and one broker, two workers. Exactly one leads (dispatcher, reaper,
/// notifications, fleet gauges); both answer the API and consume the saga's messages. The leader is killed -9 with items
/// running and queued: the other leads within a poll or two, and every item succeeds with one attempt, no failure and
/// no lost attempt, and every notification arrives once.
/// </summary>
[TestFixture]
[NonParallelizable] // times a fail-over against its documented bound
public sealed class TwoCoordinatorTests : FleetTestBase
{
    static readonly TimeSpan LeaderPoll = TimeSpan.FromSeconds(1);

    WebhookReceiver? webhook;

    WebhookReceiver Webhook => webhook ??= new WebhookReceiver();

    private protected override FleetOptions Options => new()
    {
        Workers = 2,
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__Leadership__PollInterval"] = "00:00:01",
            ["Stamina__Leadership__SessionTimeout"] = "00:00:04",
            ["Stamina__Notifications__PollInterval"] = "00:00:00.300",
            ["Stamina__Notifications__Settle"] = "00:00:00.300",
            ["Stamina__Notifications__Webhooks__0__Url"] = Webhook.Url,
        },
    };

    [TearDown]
    public async Task DisposeWebhook()
    {
        if (webhook is not null)
            await webhook.DisposeAsync();
        webhook = null;
    }

    [Test]
    public async Task When_the_leader_is_killed_mid_run_Should_the_other_lead_and_nothing_be_lost_or_doubled()
    {
        var (replica, replicaApi) = await fleet.StartCoordinatorReplicaAsync("coordinator-2");
        using var _ = replicaApi;
        var coordinators = new[] { (Process: fleet.Coordinator, Api: fleet.Api), (Process: replica, Api: replicaApi) };

        // Exactly one leads; the standby names it; the gauge says the same on each.
        JsonElement[] roles = [];
        await Eventually.UntilAsync(async () =>
        {
            roles = await Task.WhenAll(coordinators.Select(c => CoordinatorAsync(c.Api)));
            return roles.Count(r => r.GetProperty("role").GetString() == "leader") == 1
                && roles.All(r => r.GetProperty("leader").GetString() is { Length: > 0 });
        }, TimeSpan.FromSeconds(30), "one leader, named by both replicas");
        var leaderIndex = Array.FindIndex(roles, r => r.GetProperty("role").GetString() == "leader");
        var (leader, survivor) = (coordinators[leaderIndex], coordinators[1 - leaderIndex]);
        Assert.That(roles[1 - leaderIndex].GetProperty("leader").GetString(), Is.EqualTo(roles[leaderIndex].GetProperty("replica").GetString()));
        Assert.That(await LeaderGaugeAsync(leader.Api), Is.EqualTo(1));
        Assert.That(await LeaderGaugeAsync(survivor.Api), Is.EqualTo(0));

        // Both replicas serve the API: submissions through either, the same workers seen by both.
        foreach (var coordinator in coordinators)
            Assert.That((await WorkersAsync(coordinator.Api)).Count, Is.EqualTo(2));
        // First shift, with both replicas up: its notifications arrive once (two senders used to deliver each twice).
        var failing = await SubmitAsync(leader.Api, new[] { "sh", "-c", "echo broken >&2; exit 3" }, "first", maxAttempts: 1);
        await fleet.WaitForStateAsync(failing, "Failed", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Events("item.failed").Count >= 1 && Batches("first") >= 1 && Events("queue.drained").Count >= 1,
            TimeSpan.FromSeconds(30), "the first shift's notifications");
        await Eventually.UntilAsync(async () => await PendingNotificationsAsync() == 0, TimeSpan.FromSeconds(30), "the outbox to be delivered");
        await Task.Delay(TimeSpan.FromSeconds(1)); // time for a second sender to repeat them
        Assert.That((Events("item.failed").Count, Batches("first"), Events("queue.drained").Count), Is.EqualTo((1, 1, 1)),
            "each notification delivered once by two replicas");

        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await SubmitAsync(coordinators[i % 2].Api, new[] { "sh", "-c", "sleep 3; echo \"$STAMINA_ITEM_ID\" > item.txt" }, "second"));
        }
        await Eventually.UntilAsync(async () =>
        {
            var states = await Task.WhenAll(ids.Select(async id => (await ItemAsync(survivor.Api, id)).State()));
            return states.Count(s => s == "Running") == 2 && states.Count(s => s == "Queued") >= 2;
        }, TimeSpan.FromSeconds(60), "two items running and more queued");

        leader.Process.Signal(Signals.Kill);
        var killedAt = Stopwatch.StartNew();
        await leader.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));

        await Eventually.UntilAsync(async () => (await CoordinatorAsync(survivor.Api)).GetProperty("role").GetString() == "leader",
            TimeSpan.FromSeconds(20), "the surviving replica to lead");
        // The kernel closed the dead leader's socket, so its lock went at once: the survivor's next poll takes it.
        Assert.That(killedAt.Elapsed, Is.LessThan(LeaderPoll * 2 + TimeSpan.FromSeconds(3)), "fail-over within the documented bound");
        Assert.That(await LeaderGaugeAsync(survivor.Api), Is.EqualTo(1));

        foreach (var id in ids)
        {
            var item = await WaitForStateAsync(survivor.Api, id, "Succeeded", TimeSpan.FromMinutes(2));
            Assert.That(item.Attempts(), Has.Count.EqualTo(1), $"{id} was claimed once: no second dispatch while its attempt lived");
            Assert.That((item.GetProperty("attempt").GetInt32(), item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()),
                Is.EqualTo((1, 0, 0)), $"{id}: one attempt, no failure, nothing lost");
            Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "item.txt"), Is.EqualTo(id.ToString()));
        }

        // The batch's end and the shift's end come from the new leader; nothing arrives twice.
        await Eventually.UntilAsync(() => Events("queue.drained").Count >= 2, TimeSpan.FromSeconds(30), "the second shift's summary");
        await Eventually.UntilAsync(async () => await PendingNotificationsAsync() == 0, TimeSpan.FromSeconds(30), "the outbox to be delivered");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a few more passes (0.3 s each) in which a repeat would show
        Assert.That(Events("item.failed"), Has.Count.EqualTo(1));
        Assert.That((Batches("first"), Batches("second")), Is.EqualTo((1, 1)));
        Assert.That(Events("queue.drained"), Has.Count.EqualTo(2));
        var bodies = Webhook.Received.Select(r => r.Body).ToList();
        Assert.That(bodies.Distinct().Count(), Is.EqualTo(bodies.Count), "no notification delivered twice");
    }

    [Test]
    public async Task When_the_leader_freezes_Should_the_database_end_its_session_the_other_lead_and_the_thawed_one_stand_by()
    {
        var (replica, replicaApi) = await fleet.StartCoordinatorReplicaAsync("coordinator-2");
        using var _ = replicaApi;
        var coordinators = new[] { (Process: fleet.Coordinator, Api: fleet.Api), (Process: replica, Api: replicaApi) };
        JsonElement[] roles = [];
        await Eventually.UntilAsync(async () =>
        {
            roles = await Task.WhenAll(coordinators.Select(c => CoordinatorAsync(c.Api)));
            return roles.Count(r => r.GetProperty("role").GetString() == "leader") == 1;
        }, TimeSpan.FromSeconds(30), "one leader");
        var leaderIndex = Array.FindIndex(roles, r => r.GetProperty("role").GetString() == "leader");
        var (leader, other) = (coordinators[leaderIndex], coordinators[1 - leaderIndex]);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
            ids.Add(await SubmitAsync(other.Api, new[] { "sh", "-c", "sleep 2; echo \"$STAMINA_ITEM_ID\" > item.txt" }, "frozen"));
        await Eventually.UntilAsync(async () => (await ItemAsync(other.Api, ids[0])).State() == "Running", TimeSpan.FromSeconds(60), "an item to run");

        // SIGSTOP keeps the leader's socket open: only the database's idle_session_timeout (4 s here) ends its lock.
        leader.Process.Signal(Signals.Stop);
        try
        {
            await Eventually.UntilAsync(async () => (await CoordinatorAsync(other.Api)).GetProperty("role").GetString() == "leader",
                TimeSpan.FromSeconds(20), "the other replica to lead while the leader is frozen");
        }
        finally
        {
            leader.Process.Signal(Signals.Continue);
        }
        await Eventually.UntilAsync(async () => (await CoordinatorAsync(leader.Api)).GetProperty("role").GetString() == "standby",
            TimeSpan.FromSeconds(20), "the thawed replica to find its session gone and stand by");
        Assert.That((await CoordinatorAsync(other.Api)).GetProperty("role").GetString(), Is.EqualTo("leader"), "one leader after the thaw");

        foreach (var id in ids)
        {
            var item = await WaitForStateAsync(other.Api, id, "Succeeded", TimeSpan.FromMinutes(2));
            Assert.That((item.Attempts().Count, item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()),
                Is.EqualTo((1, 0, 0)), $"{id}: one attempt, no failure, nothing lost");
        }
    }

    async Task<Guid> SubmitAsync(HttpClient api, string[] command, string batch, int maxAttempts = 3)
    {
        var response = await api.PostAsJsonAsync("/api/items", new { repo = fleet.Repository.Path, command, maxAttempts, labels = new { batch } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), text);
        return JsonDocument.Parse(text).RootElement.Id();
    }

    static async Task<JsonElement> CoordinatorAsync(HttpClient api) =>
        JsonDocument.Parse(await api.GetStringAsync("/api/coordinator")).RootElement.Clone();

    static async Task<JsonElement> ItemAsync(HttpClient api, Guid id) =>
        JsonDocument.Parse(await api.GetStringAsync($"/api/items/{id}")).RootElement.Clone();

    static async Task<IReadOnlyList<JsonElement>> WorkersAsync(HttpClient api) =>
        [.. JsonDocument.Parse(await api.GetStringAsync("/api/workers")).RootElement.GetProperty("workers").EnumerateArray()
            .Where(w => w.GetProperty("state").GetString() != "offline").Select(w => w.Clone())];

    static async Task<JsonElement> WaitForStateAsync(HttpClient api, Guid id, string state, TimeSpan timeout)
    {
        JsonElement item = default;
        await Eventually.UntilAsync(async () => (item = await ItemAsync(api, id)).State() == state, timeout, $"item {id} to be {state}");
        return item;
    }

    static async Task<int> LeaderGaugeAsync(HttpClient api)
    {
        var text = await api.GetStringAsync("/metrics");
        var match = Regex.Match(text, @"^stamina_coordinator_leader(\{[^}]*\})? (\d+)", RegexOptions.Multiline);
        Assert.That(match.Success, Is.True, "stamina_coordinator_leader is exported");
        return int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    List<JsonElement> Events(string kind) =>
        [.. Webhook.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).Where(e => e.GetProperty("event").GetString() == kind)];

    int Batches(string name) => Events("batch.ended").Count(e => e.GetProperty("title").GetString() == $"Batch {name} ended");

    async Task<long> PendingNotificationsAsync()
    {
        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from notification_outbox where delivered_at is null and given_up_at is null", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
