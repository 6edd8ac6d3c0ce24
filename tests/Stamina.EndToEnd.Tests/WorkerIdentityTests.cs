using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>One live run per worker name and work directory; a restart is the same worker and cleans up after its killed predecessor.</summary>
[TestFixture]
public sealed class WorkerIdentityTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 0 };

    /// <summary>A home of the test's own: default names and work directories live under it.</summary>
    Dictionary<string, string> Home() => new() { ["HOME"] = Directory.CreateDirectory(Path.Combine(fleet.Root, "home")).FullName };

    async Task<IReadOnlyList<string>> LiveWorkerNamesAsync() =>
        [.. (await fleet.WorkersAsync()).Where(w => w.Text("state") != "offline").Select(w => w.Text("name")!)];

    [Test]
    public async Task When_two_workers_start_on_one_machine_without_names_or_urls_Should_both_run()
    {
        var first = fleet.LaunchWorker("first", ["--pool", "default"], Home());
        await Eventually.UntilAsync(async () => (await LiveWorkerNamesAsync()).Count == 1, TimeSpan.FromSeconds(60), "the first worker to register");
        var second = fleet.LaunchWorker("second", ["--pool", "default"], Home());
        await Eventually.UntilAsync(async () => (await LiveWorkerNamesAsync()).Count == 2, TimeSpan.FromSeconds(60), "the second worker to register");

        var names = await LiveWorkerNamesAsync();
        Assert.That(names[1], Is.EqualTo(names[0] + "-2"), "the second takes the next default name");
        var ids = new List<Guid>();
        for (var i = 0; i < 2; i++)
            ids.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "sleep 1; echo ok > ok.txt" } })).Id());
        foreach (var id in ids)
            await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That((first.HasExited, second.HasExited), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task When_a_second_process_takes_a_live_name_Should_be_refused_and_the_first_keep_working()
    {
        var first = await fleet.StartWorkerAsync("w1");

        // Another work directory (as from another machine): the coordinator knows the name's run is alive.
        var elsewhere = fleet.LaunchWorker("w1-elsewhere", ["--name", "w1", "--work-dir", Path.Combine(fleet.Root, "elsewhere")]);
        // The same work directory: its lock refuses at once.
        var beside = fleet.LaunchWorker("w1-beside", ["--name", "w1", "--work-dir", Path.Combine(fleet.Root, "workers", "w1")]);
        await elsewhere.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await beside.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.That(elsewhere.ExitCode, Is.EqualTo(2));
        Assert.That(string.Join('\n', elsewhere.Output), Does.Contain("Worker name 'w1' is in use by a live run on " + Environment.MachineName));
        Assert.That(beside.ExitCode, Is.EqualTo(2));
        Assert.That(beside.Output.ToList(), Has.Count.EqualTo(1));
        Assert.That(beside.Output.Single(), Does.Contain("is in use by another live worker process (pid " + first.Id + ")"));

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo ok > ok.txt" } })).Id();
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.Attempts().Single().Text("worker"), Is.EqualTo("w1"));
        Assert.That(await LiveWorkerNamesAsync(), Is.EqualTo(new[] { "w1" }));
    }

    [Test]
    public async Task When_a_default_named_worker_is_killed_and_started_again_Should_keep_its_name_end_its_orphans_and_remove_its_worktrees()
    {
        var killed = fleet.LaunchWorker("default-1", ["--pool", "default"], Home());
        await Eventually.UntilAsync(async () => (await LiveWorkerNamesAsync()).Count == 1, TimeSpan.FromSeconds(60), "the worker to register");
        var name = (await LiveWorkerNamesAsync()).Single();
        var pidFile = Path.Combine(fleet.Root, "attempt1.pid");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
        var orphan = await ReadPidAsync(pidFile);
        var worktree = Path.Combine(fleet.Root, "home", ".stamina", "workers", name, "worktrees", id.ToString("N"));

        killed.Signal(Signals.Kill);
        await killed.WaitForExitAsync(TimeSpan.FromSeconds(30));
        fleet.Retire(killed);
        // The item is not coming back to this worktree: only a start-up sweep can remove it.
        (await fleet.Api.PostAsync($"/api/items/{id}/cancel", null)).EnsureSuccessStatusCode();
        await fleet.WaitForStateAsync(id, "Cancelled", TimeSpan.FromSeconds(30));
        // The command does not outlive its worker (its leash kills it); the worktree does, until the restart sweeps it.
        await Eventually.UntilAsync(() => Task.FromResult(!Signals.IsAlive(orphan)), TimeSpan.FromSeconds(10), "the leash to end the orphan");
        Assert.That(Directory.Exists(worktree), Is.True, "the worktree outlives the worker");

        var killedRun = (await fleet.WorkersAsync()).Single().Text("startedAt");
        var restarted = fleet.LaunchWorker("default-2", ["--pool", "default"], Home());
        // The killed run's row still looks alive for three intervals: wait for the new run's.
        await Eventually.UntilAsync(async () =>
        {
            if (restarted.HasExited)
                throw new InvalidOperationException("the restarted worker exited: " + string.Join('\n', restarted.Output.TakeLast(30)));
            return (await fleet.WorkersAsync()).Single().Text("startedAt") != killedRun;
        }, TimeSpan.FromSeconds(60), "the restarted worker to register");

        // It sweeps before it registers: the leaked worktree is gone.
        Assert.That(Directory.Exists(worktree), Is.False, "the leaked worktree is removed");
        Assert.That((await fleet.WorkersAsync()).Select(w => w.Text("name")), Is.EqualTo(new[] { name }), "the same name, no new one");
        (await fleet.Api.PostAsync($"/api/items/{id}/retry", null)).EnsureSuccessStatusCode();
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.Attempts()[^1].Text("worker"), Is.EqualTo(name));
    }

    [Test]
    public async Task When_a_worker_starts_Should_be_listed_before_its_first_heartbeat()
    {
        var worker = fleet.LaunchWorker("slow-beat", ["--name", "slow-beat", "--work-dir", Path.Combine(fleet.Root, "workers", "slow-beat")],
            new Dictionary<string, string> { ["Stamina__Worker__HeartbeatInterval"] = "00:05:00" });

        await fleet.WaitForWorkerAsync(worker, "slow-beat", TimeSpan.FromSeconds(30));
        Assert.That((await fleet.WorkersAsync()).Single().Text("state"), Is.EqualTo("idle"));
    }

    [Test]
    public async Task When_a_draining_worker_could_take_a_queued_item_Should_leave_it_to_others()
    {
        var draining = await fleet.StartWorkerAsync("w1", settings: new Dictionary<string, string> { ["Stamina__Worker__DrainTimeout"] = "00:00:30" });
        var running = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "sleep 3; echo a > a.txt" } })).Id();
        await fleet.WaitForStateAsync(running, "Running", TimeSpan.FromSeconds(60));

        draining.Signal(Signals.Terminate);
        var queued = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo b > b.txt" } })).Id();
        await draining.WaitForExitAsync(TimeSpan.FromSeconds(60));
        fleet.Retire(draining);

        Assert.That((await fleet.ItemAsync(running)).State(), Is.EqualTo("Succeeded"), "the running item finished within the drain");
        var waiting = await fleet.ItemAsync(queued);
        Assert.That((waiting.State(), waiting.Attempts().Count), Is.EqualTo(("Queued", 0)), "no claim after SIGTERM");
        await fleet.StartWorkerAsync("w2");
        var done = await fleet.WaitForStateAsync(queued, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(done.Attempts().Single().Text("worker"), Is.EqualTo("w2"));
    }
}
