using Stamina.Contracts;
using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class BranchPrunerTests
{
    [Test]
    public async Task Should_delete_the_branch_from_the_repository_the_mirror_and_its_kept_worktree()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, _) = await WorktreeCheckpointTests.AttemptAsync(world);
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);
        world.Worktrees.MarkKept(path);
        var itemId = Guid.ParseExact(branch.Split('/')[1], "N");
        var mirror = world.Mirrors.MirrorPathFor(world.Address);

        var gone = await Pruner(world).PruneAsync(world.Address, [new AttemptBranch { WorkItemId = itemId, Attempt = 1, Branch = branch }],
            skipItem: null, CancellationToken.None);

        Assert.That(gone!.Select(b => b.Branch), Is.EqualTo(new[] { branch }));
        Assert.That(await world.Source.GitAsync("branch", "--list", "--format=%(refname:short)"), Is.EqualTo("main"), "gone from the repository");
        Assert.That(await MirrorAttemptBranchTests.RefsAsync(world, mirror), Is.EqualTo(new[] { "refs/remotes/origin/main" }));
        Assert.That(Directory.Exists(path), Is.False, "the kept worktree went with its branch");
        Assert.That(await Pruner(world).PruneAsync(world.Address, [new AttemptBranch { WorkItemId = itemId, Attempt = 1, Branch = branch }],
            null, CancellationToken.None), Has.Count.EqualTo(1), "a second prune finds it gone, and says so");
    }

    [Test]
    public async Task Should_touch_only_attempt_branches_named_from_their_ids()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        var itemId = Guid.NewGuid();
        var other = BranchNames.ForAttempt("stamina", Guid.NewGuid(), 1);
        await world.Source.GitAsync("branch", other);
        AttemptBranch[] forged =
        [
            new() { WorkItemId = itemId, Attempt = 1, Branch = "main" },
            new() { WorkItemId = itemId, Attempt = 1, Branch = other },
            new() { WorkItemId = itemId, Attempt = 2, Branch = $"stamina/{itemId:N}/1" },
            new() { WorkItemId = itemId, Attempt = 1, Branch = $"{itemId:N}/1" },
            new() { WorkItemId = itemId, Attempt = 1, Branch = $"-x/{itemId:N}/1" },
        ];

        var gone = await Pruner(world).PruneAsync(world.Address, forged, null, CancellationToken.None);

        Assert.That(gone, Is.Empty);
        Assert.That(await world.Source.GitAsync("branch", "--list", "--format=%(refname:short)"), Is.EqualTo($"main\n{other}"));
    }

    [Test]
    public async Task Should_leave_a_repository_alone_when_it_has_no_mirror_here_or_runs_the_item()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("stamina", itemId, 1);
        await world.Source.GitAsync("branch", branch);
        AttemptBranch[] branches = [new() { WorkItemId = itemId, Attempt = 1, Branch = branch }];

        Assert.That(await Pruner(world).PruneAsync(world.Address, branches, null, CancellationToken.None), Is.Null);
        await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        Assert.That(await Pruner(world).PruneAsync(world.Address, branches, skipItem: itemId, CancellationToken.None), Is.Empty);
        Assert.That(await world.Source.GitAsync("rev-parse", "--verify", branch), Is.Not.Empty);
    }

    static BranchPruner Pruner(GitWorld world) => new(world.Mirrors, world.Worktrees, world.Git);
}
