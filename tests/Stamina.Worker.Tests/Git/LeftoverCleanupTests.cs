using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class LeftoverCleanupTests
{
    [Test]
    public async Task Should_remove_worktrees_no_attempt_owns_and_keep_the_kept_ones()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var leftover = await CreateAsync(world, mirror, baseCommit);
        var kept = await CreateAsync(world, mirror, baseCommit);
        world.Worktrees.MarkKept(kept);
        var forgotten = await CreateAsync(world, mirror, baseCommit);
        Directory.Delete(forgotten, recursive: true);
        var broken = Directory.CreateDirectory(Path.Combine(world.WorkDir, "worktrees", Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(broken, "half.txt"), "a crash mid-creation\n");
        var staleMarker = Path.Combine(world.WorkDir, "worktrees", Guid.NewGuid().ToString("N") + ".kept");
        File.WriteAllText(staleMarker, "");

        var report = await Cleanup(world).CleanAsync(1L << 30, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(report.RemovedWorktrees, Is.EquivalentTo(new[] { leftover, broken }));
            Assert.That(Directory.GetDirectories(Path.Combine(world.WorkDir, "worktrees")), Is.EqualTo(new[] { kept }));
            Assert.That(File.Exists(staleMarker), Is.False);
            var listed = await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain");
            Assert.That(listed, Does.Contain(kept).And.Not.Contain(leftover).And.Not.Contain(forgotten));
        });
    }

    [Test]
    public async Task Should_trim_kept_worktrees_to_the_budget()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var kept = await CreateAsync(world, mirror, baseCommit);
        world.Worktrees.MarkKept(kept);

        var report = await Cleanup(world).CleanAsync(0, CancellationToken.None);

        Assert.That(report.RemovedWorktrees, Is.EqualTo(new[] { kept }));
        Assert.That(Directory.Exists(kept), Is.False);
    }

    [Test]
    public async Task Should_keep_sound_spare_worktrees_for_the_restarted_worker_and_remove_the_others()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var worktrees = new WorktreeManager(world.WorkDir, world.Git, spareWorktrees: 4);
        var first = await CreateAsync(world, mirror, baseCommit);
        var second = await CreateAsync(world, mirror, baseCommit);
        await worktrees.RetireAsync(first, CancellationToken.None);
        await worktrees.RetireAsync(second, CancellationToken.None);
        var (sound, bent) = (worktrees.Spares[0], worktrees.Spares[1]);
        // A crash between the move and the admin folder's update leaves a spare that git records elsewhere.
        File.WriteAllText(Path.Combine(await WorktreeManagerTests.GitAsync(world, bent, "rev-parse", "--absolute-git-dir"), "gitdir"), "/nowhere/.git\n");

        var report = await new LeftoverCleanup(world.Mirrors, worktrees, world.Git).CleanAsync(1L << 30, CancellationToken.None);

        Assert.That(report.RemovedWorktrees, Is.EqualTo(new[] { bent }));
        Assert.That(worktrees.Spares, Is.EqualTo(new[] { sound }));
        Assert.That(await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain"), Does.Contain(sound).And.Not.Contain(bent));
    }

    [Test]
    public async Task Should_do_nothing_in_an_empty_work_directory()
    {
        using var world = await GitWorld.CreateAsync();

        var report = await Cleanup(world).CleanAsync(0, CancellationToken.None);

        Assert.That(report.RemovedWorktrees, Is.Empty);
        Assert.That(report.DroppedAttemptRefs, Is.Zero);
    }

    static LeftoverCleanup Cleanup(GitWorld world) => new(world.Mirrors, world.Worktrees, world.Git);

    static async Task<string> CreateAsync(GitWorld world, string mirror, string baseCommit)
    {
        var itemId = Guid.NewGuid();
        return await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("stamina", itemId, 1), CancellationToken.None);
    }
}
