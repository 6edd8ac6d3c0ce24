using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class WorktreeManagerTests
{
    [Test]
    public async Task Should_create_a_worktree_on_its_branch_at_the_base()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("stamina", itemId, 2);

        var path = await world.Worktrees.CreateAsync(mirror, itemId, 2, baseCommit, branch, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(path, Is.EqualTo(Path.Combine(world.WorkDir, "worktrees", $"{itemId:N}")));
            Assert.That(await GitAsync(world, path, "symbolic-ref", "--short", "HEAD"), Is.EqualTo(branch));
            Assert.That(await GitAsync(world, path, "rev-parse", "HEAD"), Is.EqualTo(baseCommit));
            Assert.That(File.ReadAllText(Path.Combine(path, "a.txt")), Is.EqualTo("one\n"));
            Assert.That(await GitAsync(world, path, "status", "--porcelain"), Is.Empty);
        });
    }

    [Test]
    public async Task Should_replace_a_worktree_left_by_a_crashed_run()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("stamina", itemId, 1);
        var stale = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, branch, CancellationToken.None);
        File.WriteAllText(Path.Combine(stale, "a.txt"), "half-done\n");
        await world.Changes.CommitAllAsync(stale, "Agent", "agent@example.com", "half", CancellationToken.None);
        File.WriteAllText(Path.Combine(stale, "untracked.txt"), "junk\n");

        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, branch, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(path, Is.EqualTo(stale));
            Assert.That(await GitAsync(world, path, "rev-parse", "HEAD"), Is.EqualTo(baseCommit));
            Assert.That(File.ReadAllText(Path.Combine(path, "a.txt")), Is.EqualTo("one\n"));
            Assert.That(File.Exists(Path.Combine(path, "untracked.txt")), Is.False);
        });
    }

    [Test]
    public async Task Should_replace_a_leftover_directory_that_is_no_worktree()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var leftover = world.Worktrees.PathFor(itemId);
        Directory.CreateDirectory(Path.Combine(leftover, "deep"));
        File.WriteAllText(Path.Combine(leftover, "deep", "junk.txt"), "junk\n");

        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);

        Assert.That(Directory.Exists(Path.Combine(path, "deep")), Is.False);
        Assert.That(File.Exists(Path.Combine(path, "a.txt")), Is.True);
    }

    [Test]
    public async Task Should_remove_a_worktree_and_forget_it()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "untracked.txt"), "junk\n");

        await world.Worktrees.RemoveAsync(path, CancellationToken.None);
        await world.Worktrees.RemoveAsync(path, CancellationToken.None);
        await world.Worktrees.RemoveAsync(world.Combine("never", "existed"), CancellationToken.None);

        Assert.That(Directory.Exists(path), Is.False);
        Assert.That(await GitAsync(world, mirror, "worktree", "list", "--porcelain"), Does.Not.Contain(path));
    }

    [Test]
    public async Task Should_prune_the_oldest_kept_worktrees_down_to_the_budget()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await MirrorWithCommitAsync(world);
        var paths = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var itemId = Guid.NewGuid();
            var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
            File.WriteAllBytes(Path.Combine(path, "big.bin"), new byte[100_000]);
            paths.Add(path);
        }
        // paths[3] is a live attempt: never kept, never pruned. The others failed at known times.
        for (var i = 0; i < 3; i++)
        {
            world.Worktrees.MarkKept(paths[i]);
            File.SetLastWriteTimeUtc(paths[i] + ".kept", DateTime.UtcNow.AddHours(i - 10));
        }

        var removed = await world.Worktrees.PruneKeptWorktreesAsync(150_000, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(new[] { paths[0], paths[1] }));
            Assert.That(Directory.Exists(paths[0]) || Directory.Exists(paths[1]), Is.False);
            Assert.That(Directory.Exists(paths[2]), Is.True);
            Assert.That(Directory.Exists(paths[3]), Is.True);
            Assert.That(File.Exists(paths[0] + ".kept"), Is.False);
        });
        Assert.That(await world.Worktrees.PruneKeptWorktreesAsync(150_000, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Should_not_run_hooks_from_the_mirror()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await MirrorWithCommitAsync(world);
        var marker = world.Combine("hook-ran");
        foreach (var hook in new[] { "post-checkout", "pre-commit", "commit-msg", "post-commit", "pre-push" })
        {
            var file = Path.Combine(mirror, "hooks", hook);
            File.WriteAllText(file, $"#!/bin/sh\necho {hook} >> '{marker}'\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("s", itemId, 1);

        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, branch, CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "b.txt"), "b\n");
        await world.Changes.CommitAllAsync(path, "Agent", "agent@example.com", "work", CancellationToken.None);
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);

        Assert.That(File.Exists(marker), Is.False, () => File.ReadAllText(marker));
    }

    [Test]
    public async Task Should_reject_a_bad_branch_or_base()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await MirrorWithCommitAsync(world);

        Assert.ThrowsAsync<ArgumentException>(() => world.Worktrees.CreateAsync(mirror, Guid.NewGuid(), 1, baseCommit, "-b", CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Worktrees.CreateAsync(mirror, Guid.NewGuid(), 1, "main", "s/x/1", CancellationToken.None));
    }

    internal static async Task<(string Mirror, string Base)> MirrorWithCommitAsync(GitWorld world)
    {
        var commit = await world.Source.CommitAsync("a.txt", "one\n");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        return (mirror, commit);
    }

    internal static async Task<string> GitAsync(GitWorld world, string directory, params string[] arguments) =>
        (await world.Git.RunAsync(directory, arguments, CancellationToken.None)).Output.Trim();
}
