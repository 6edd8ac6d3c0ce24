using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>A worker killed mid-attempt leaves its worktree behind; the next start on its work directory removes it.</summary>
[TestFixture]
public sealed class LeftoverWorktreeTests : FleetTestBase
{
    [Test]
    public async Task When_a_killed_worker_starts_again_Should_remove_the_worktree_its_attempt_left()
    {
        var pidFile = Path.Combine(fleet.Root, "first.pid");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = HangOnFirstAttempt(pidFile) })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        var holder = fleet.Workers.Single(w => w.Name == running.Text("holder"));
        var worktrees = Path.Combine(fleet.Root, "workers", holder.Name, "worktrees");
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "attempt 1's command to start");

        holder.Signal(Signals.Kill);
        await holder.WaitForExitAsync(TimeSpan.FromSeconds(30));
        fleet.Retire(holder);
        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        Assert.That(Directory.GetDirectories(worktrees), Has.Length.EqualTo(1), "the killed attempt's worktree is left behind");

        await fleet.StartWorkerAsync(holder.Name);

        Assert.That(Directory.GetDirectories(worktrees), Is.Empty, "removed before the restarted worker reported");
        Assert.That(Directory.GetFiles(worktrees), Is.Empty);
        var mirror = Directory.GetDirectories(Path.Combine(fleet.Root, "workers", holder.Name, "mirrors"), "*.git").Single();
        Assert.That(new GitRepository(mirror).Git("worktree", "list", "--porcelain"), Does.Not.Contain(worktrees), "git forgot it too");
        Assert.That(ProcessExists(await ReadPidAsync(pidFile)), Is.False, "the orphaned command was ended too");
    }

    static bool ProcessExists(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
