using Dapper;
using Npgsql;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>The two ways a stale claim comes back: the broker's redelivery and the lease reaper.</summary>
[TestFixture]
public sealed class ReclaimTests : FleetTestBase
{
    [Test]
    public async Task When_the_holder_is_killed_Should_be_finished_by_another_worker_with_one_result()
    {
        var pidFile = Path.Combine(fleet.Root, "attempt1.pid");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
        var holder = fleet.Workers.Single(w => w.Name == running.Text("holder"));

        holder.Signal(Signals.Kill);
        fleet.Retire(holder);

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        var attempts = item.Attempts();
        Assert.That(attempts, Has.Count.EqualTo(2));
        Assert.That(attempts[0].Text("outcome"), Is.EqualTo("lost"));
        Assert.That(attempts[0].Text("worker"), Is.EqualTo(holder.Name));
        Assert.That((attempts[1].Text("outcome"), attempts[1].Text("worker")), Is.Not.EqualTo(("succeeded", holder.Name)));
        Assert.That(item.Result().GetProperty("attempt").GetInt32(), Is.EqualTo(2));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("done"));

        // The killed worker's command does not outlive it: its leash reads end of file and kills the group.
        var orphan = await ReadPidAsync(pidFile);
        await Eventually.UntilAsync(() => !Signals.IsAlive(orphan), TimeSpan.FromSeconds(10), "the leash to end the dead worker's command");
    }

    [Test]
    public async Task When_the_holder_freezes_past_its_lease_Should_be_reclaimed_and_the_woken_holder_refused()
    {
        var pidFile = Path.Combine(fleet.Root, "attempt1.pid");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
        var holder = fleet.Workers.Single(w => w.Name == running.Text("holder"));
        var command = await ReadPidAsync(pidFile);

        holder.Signal(Signals.Stop);
        // The frozen worker ticks no more: its command's leash stops the command before another attempt can start.
        await Eventually.UntilAsync(() => Task.FromResult(ProcessState.IsStopped(command)), TimeSpan.FromSeconds(10),
            "the leash to stop the frozen worker's command");
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        Assert.That(ProcessState.IsStopped(command), Is.True, "still stopped while its worker is frozen and another attempt ran");
        holder.Signal(Signals.Continue);

        Assert.That(item.Attempts()[0].Text("outcome"), Is.EqualTo("lost"));
        Assert.That((item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()), Is.EqualTo((0, 1)),
            "a frozen worker is a fault, not the item's failure");
        Assert.That(item.Result().GetProperty("attempt").GetInt32(), Is.EqualTo(2));
        await Eventually.UntilAsync(() => Task.FromResult(!Signals.IsAlive(command)), TimeSpan.FromSeconds(30),
            "the woken worker to kill its command");
        await Eventually.UntilAsync(async () => await StaleReportsAsync(id, holder.Name) > 0, TimeSpan.FromSeconds(30),
            "the woken worker's heartbeat to be refused as stale");
        var after = await fleet.ItemAsync(id);
        Assert.That((after.State(), after.Result().GetProperty("attempt").GetInt32()), Is.EqualTo(("Succeeded", 2)));
    }

    async Task<long> StaleReportsAsync(Guid id, string worker)
    {
        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from stale_reports where item_id = @id and worker = @worker", new { id, worker });
    }
}
