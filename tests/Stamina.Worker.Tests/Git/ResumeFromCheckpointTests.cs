using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class ResumeFromCheckpointTests
{
    [Test]
    public async Task Should_start_the_next_attempt_on_another_machine_from_the_pushed_checkpoint()
    {
        using var world = await GitWorld.CreateAsync();
        var (pathA, branchA, baseCommit) = await WorktreeCheckpointTests.AttemptAsync(world);
        File.WriteAllText(Path.Combine(pathA, "a.txt"), "one\nhalf done\n");
        File.WriteAllText(Path.Combine(pathA, "notes.md"), "next: tests\n");
        var checkpoint = await world.Changes.CheckpointAsync(pathA, world.Address, branchA, "Agent", "a@example.com", "cp", CancellationToken.None);
        // Another machine: its own work directory, so a mirror that never saw attempt A's objects.
        var mirrorsB = new MirrorCache(world.Combine("work-b"), world.Git);
        var worktreesB = new WorktreeManager(world.Combine("work-b"), world.Git);
        var itemId = Guid.NewGuid();
        var branchB = BranchNames.ForAttempt("stamina", itemId, 2);

        var mirrorB = await mirrorsB.EnsureFreshAsync(world.Address, CancellationToken.None);
        Assert.ThrowsAsync<GitRefNotFoundException>(() => mirrorsB.VerifyCommitAsync(mirrorB, checkpoint!, CancellationToken.None),
            "attempt branches are not in the usual fetch");
        var start = await mirrorsB.EnsureCommitAsync(mirrorB, checkpoint!.ToUpperInvariant(), branchA, CancellationToken.None);
        var pathB = await worktreesB.CreateAsync(mirrorB, itemId, 2, start, branchB, CancellationToken.None);
        File.WriteAllText(Path.Combine(pathB, "more.txt"), "attempt 2\n");
        var final = await world.Changes.CommitAllAsync(pathB, "Agent", "a@example.com", "attempt 2", CancellationToken.None);
        await world.Changes.PushAsync(pathB, world.Address, branchB, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(mirrorB, Is.Not.EqualTo(world.Mirrors.MirrorPathFor(world.Address)));
            Assert.That(start, Is.EqualTo(checkpoint));
            Assert.That(await WorktreeManagerTests.GitAsync(world, mirrorB, "for-each-ref", "--format=%(refname)"),
                Is.EqualTo($"refs/heads/{branchB}\nrefs/remotes/origin/main"), "the fetched checkpoint left no ref of its own");
            Assert.That(await WorktreeManagerTests.GitAsync(world, pathB, "symbolic-ref", "--short", "HEAD"), Is.EqualTo(branchB));
            Assert.That(File.ReadAllText(Path.Combine(pathB, "a.txt")), Is.EqualTo("one\nhalf done\n"));
            Assert.That(File.ReadAllText(Path.Combine(pathB, "notes.md")), Is.EqualTo("next: tests\n"));
            Assert.That(await world.Source.GitAsync("rev-parse", branchB), Is.EqualTo(final));
            Assert.That(await world.Source.GitAsync("rev-list", "--first-parent", branchB), Is.EqualTo($"{final}\n{checkpoint}\n{baseCommit}"));
        });
    }

    [Test]
    public async Task Should_not_find_a_checkpoint_whose_branch_was_deleted_before_the_fetch()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, _) = await WorktreeCheckpointTests.AttemptAsync(world);
        File.WriteAllText(Path.Combine(path, "b.txt"), "b\n");
        var checkpoint = await world.Changes.CheckpointAsync(path, world.Address, branch, "Agent", "a@example.com", "cp", CancellationToken.None);
        await world.Source.GitAsync("branch", "-D", branch);
        var mirrors = new MirrorCache(world.Combine("work-b"), world.Git);

        var mirror = await mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        var error = Assert.ThrowsAsync<GitRefNotFoundException>(() => mirrors.EnsureCommitAsync(mirror, checkpoint!, branch, CancellationToken.None));

        Assert.That(error!.Reference, Is.EqualTo(checkpoint));
        Assert.That(error.Message, Does.Contain(checkpoint).And.Contain(world.Address.Value));
    }

    [Test]
    public async Task Should_accept_only_a_full_commit_id()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, commit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var tree = await WorktreeManagerTests.GitAsync(world, mirror, "rev-parse", $"{commit}^{{tree}}");

        Assert.That(await world.Mirrors.VerifyCommitAsync(mirror, commit, CancellationToken.None), Is.EqualTo(commit));
        Assert.ThrowsAsync<ArgumentException>(() => world.Mirrors.VerifyCommitAsync(mirror, commit[..12], CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Mirrors.VerifyCommitAsync(mirror, "main", CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Mirrors.VerifyCommitAsync(mirror, "--output=/tmp/x", CancellationToken.None));
        Assert.ThrowsAsync<GitRefNotFoundException>(() => world.Mirrors.VerifyCommitAsync(mirror, tree, CancellationToken.None), "a tree is no commit");
        Assert.ThrowsAsync<GitRefNotFoundException>(() => world.Mirrors.VerifyCommitAsync(mirror, new string('a', 40), CancellationToken.None));
    }
}
