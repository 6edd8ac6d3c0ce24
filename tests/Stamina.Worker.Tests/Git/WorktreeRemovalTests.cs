using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

/// <summary>Background removal of finished worktrees leaves nothing behind, even when cut short.</summary>
[TestFixture]
public sealed class WorktreeRemovalTests
{
    [Test]
    public async Task Should_leave_no_worktree_behind_after_a_background_removal()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var worktrees = world.Worktrees;
        var paths = new List<string>();
        for (var i = 0; i < 3; i++)
            paths.Add(await CreateAsync(worktrees, mirror, baseCommit));

        foreach (var path in paths)
            _ = worktrees.RemoveInBackgroundAsync(path);
        await worktrees.WhenRemovedAsync();

        Assert.That(paths.Where(Directory.Exists), Is.Empty);
        Assert.That(await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain"), Does.Not.Contain(world.WorkDir + "/worktrees"));
        Assert.That(Directory.Exists(Path.Combine(mirror, "worktrees")) ? Directory.GetDirectories(Path.Combine(mirror, "worktrees")) : [], Is.Empty);
    }

    [Test]
    public async Task Should_wait_for_a_pending_removal_before_a_new_worktree_at_the_same_path()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var worktrees = world.Worktrees;
        var itemId = Guid.NewGuid();
        var first = await worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
        File.WriteAllText(Path.Combine(first, "from-attempt-1.txt"), "x\n");

        _ = worktrees.RemoveInBackgroundAsync(first);
        var second = await worktrees.CreateAsync(mirror, itemId, 2, baseCommit, BranchNames.ForAttempt("s", itemId, 2), CancellationToken.None);
        await worktrees.WhenRemovedAsync();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(File.Exists(Path.Combine(second, "a.txt")), Is.True, "the new worktree is whole");
        Assert.That(File.Exists(Path.Combine(second, "from-attempt-1.txt")), Is.False);
        Assert.That(await WorktreeManagerTests.GitAsync(world, second, "rev-parse", "--abbrev-ref", "HEAD"), Is.EqualTo($"s/{itemId:N}/2"));
    }

    [TestCase("tree half deleted")]
    [TestCase("tree deleted, record left")]
    public async Task Should_sweep_a_removal_a_crash_cut_short(string crash)
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
        // What a worker killed in the middle of a removal leaves.
        if (crash == "tree half deleted")
            File.Delete(Path.Combine(path, ".git"));
        else
            Directory.Delete(path, recursive: true);

        // The next start: a new worker on the same work directory sweeps, then takes the same item again.
        await new LeftoverCleanup(world.Mirrors, world.Worktrees, world.Git).CleanAsync(1L << 30, CancellationToken.None);
        var swept = !Directory.Exists(path) && !(await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain")).Contains(path);
        var again = await world.Worktrees.CreateAsync(mirror, itemId, 2, baseCommit, BranchNames.ForAttempt("s", itemId, 2), CancellationToken.None);

        Assert.That(swept, Is.True);
        Assert.That(File.Exists(Path.Combine(again, "a.txt")), Is.True);
    }

    [Test]
    public async Task Should_replace_a_worktree_still_registered_but_gone()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
        Directory.Delete(path, recursive: true);

        // No sweep in between: creation itself finds the record and clears it; the same branch again is reset.
        var again = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);

        Assert.That(File.Exists(Path.Combine(again, "a.txt")), Is.True);
    }

    static Task<string> CreateAsync(WorktreeManager worktrees, string mirror, string baseCommit)
    {
        var itemId = Guid.NewGuid();
        return worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
    }
}
