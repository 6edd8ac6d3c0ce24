using Dapper;
using MassTransit;
using Npgsql;
using Stamina.Contracts;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A redelivered item is taken over at once when the broker shows its holder's process dead (its exclusive queues gone),
/// and never while the holder lives. The silence rule is pushed out of the way (takeover after 13 s of silence, leases of
/// 9 s) so that only the broker's answer can decide within these tests.
/// </summary>
[TestFixture]
public sealed class DeadHolderTakeoverTests : FleetTestBase
{
    static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(3);
    static readonly TimeSpan Allowance = TimeSpan.FromSeconds(1);

    private protected override FleetOptions Options => new()
    {
        HeartbeatInterval = Heartbeat,
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__Leases__TakeoverGrace"] = "00:00:10",
            ["Stamina__Leases__ReconnectAllowance"] = Allowance.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    [Test]
    public async Task When_the_holder_is_killed_Should_be_taken_over_as_soon_as_its_queues_stay_gone()
    {
        var heardSince = await LeaderSinceAsync();
        var pidFile = Path.Combine(fleet.Root, "attempt1.pid");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        var holder = await HolderAsync(id, pidFile);
        await HeardForALeaseAsync(heardSince);

        holder.Signal(Signals.Kill);
        fleet.Retire(holder);

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        var attempts = item.Attempts();
        Assert.That(attempts, Has.Count.EqualTo(2));
        Assert.That((attempts[0].Text("outcome"), attempts[0].Text("worker")), Is.EqualTo(("lost", holder.Name)));
        Assert.That(attempts[0].Text("message"), Does.Contain("connections closed"), "taken over on the broker's word, not after the silence");
        Assert.That((item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()), Is.EqualTo((0, 1)),
            "a killed worker is a fault, not the item's failure");
        Assert.That(item.Result().GetProperty("attempt").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task When_only_the_holders_work_queue_connection_closes_Should_refuse_the_other_worker_and_let_the_holder_finish()
    {
        var heardSince = await LeaderSinceAsync();
        var pidFile = Path.Combine(fleet.Root, "attempt.pid");
        var release = Path.Combine(fleet.Root, "release");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", $"echo $$ > '{pidFile}'; while [ ! -f '{release}' ]; do sleep 0.2; done; echo done > result.txt" },
        })).Id();
        var holder = await HolderAsync(id, pidFile);
        await HeardForALeaseAsync(heardSince);

        // The broker hands the unacknowledged delivery to the other worker, which claims it as redelivered.
        Assert.That(await fleet.VirtualHost.CloseConnectionsAsync($"stamina-worker-{holder.Name}-work"), Is.EqualTo(1));
        await Eventually.UntilAsync(() => Task.FromResult(fleet.Coordinator.Output.Any(line =>
                line.Contains($"{holder.Name} (run ", StringComparison.Ordinal) && line.Contains("still has a connection open", StringComparison.Ordinal)
                && line.Contains(id.ToString(), StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the coordinator to find the holder's main connection open and refuse the redelivered claim");
        File.WriteAllText(release, "");

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.Attempts(), Has.Count.EqualTo(1), "the live holder kept its item");
        Assert.That(item.Attempts()[0].Text("worker"), Is.EqualTo(holder.Name));
        Assert.That((item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()), Is.EqualTo((0, 0)));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("done"));
    }

    [Test]
    public async Task When_a_forged_redelivered_claim_names_any_run_Should_never_take_over_a_live_holder()
    {
        var heardSince = await LeaderSinceAsync();
        var pidFile = Path.Combine(fleet.Root, "attempt1.pid");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        var holder = await HolderAsync(id, pidFile);
        await HeardForALeaseAsync(heardSince);
        var holderRun = await HolderRunAsync(id);
        Assert.That(holderRun, Is.Not.Null.And.Not.Empty, "the worker names its run in its claim");
        await using var intruder = await BrokerIntruder.ConnectAsync(fleet);

        foreach (var run in new[] { holderRun, null, "deadbeef" })
        {
            var answer = await intruder.AskAsync<ClaimWorkItem, ClaimGranted, ClaimRejected>(new ClaimWorkItem
            {
                WorkItemId = id,
                Attempt = 1,
                Redelivered = true,
                Worker = new WorkerIdentity { Name = "thief", Machine = "elsewhere", Pool = "default", Run = run },
            });
            Assert.That(answer.Is(out Response<ClaimRejected>? _), Is.True, $"a forged claim naming run {run ?? "(none)"} is refused");
        }

        var item = await fleet.ItemAsync(id);
        Assert.That((item.State(), item.Attempts().Count, item.Attempts()[0].Text("worker")), Is.EqualTo(("Running", 1, holder.Name)));
        Assert.That(item.GetProperty("lostAttempts").GetInt32(), Is.EqualTo(0));
    }

    async Task<ServiceProcess> HolderAsync(Guid id, string pidFile)
    {
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
        return fleet.Workers.Single(w => w.Name == running.Text("holder"));
    }

    /// <summary>When the coordinator began to lead, at the latest: it starts hearing again then, before it says so.</summary>
    async Task<DateTimeOffset> LeaderSinceAsync()
    {
        await Eventually.UntilAsync(() => Task.FromResult(fleet.Coordinator.Output.Any(line => line.Contains("is now the leader", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the coordinator to lead");
        return DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// The coordinator asks the broker only once it has heard for a full lease and the reconnect allowance (after a
    /// start, as after an outage, every holder gets that long: the hearing rules come first).
    /// </summary>
    static async Task HeardForALeaseAsync(DateTimeOffset heardSince)
    {
        var judgesFrom = heardSince + Heartbeat * 3 + Allowance + TimeSpan.FromMilliseconds(500);
        if (judgesFrom > DateTimeOffset.UtcNow)
            await Task.Delay(judgesFrom - DateTimeOffset.UtcNow);
    }

    async Task<string?> HolderRunAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        return await connection.ExecuteScalarAsync<string?>("select worker_run from attempts where item_id = @id and number = 1", new { id });
    }
}
