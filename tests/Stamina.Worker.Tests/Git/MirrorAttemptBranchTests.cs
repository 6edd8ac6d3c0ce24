using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

/// <summary>A mirror fetches the repository's own branches, not the attempt branches of the whole fleet.</summary>
[TestFixture]
public sealed class MirrorAttemptBranchTests
{
    [Test]
    public async Task Should_not_fetch_attempt_branches_of_other_workers()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        await world.Source.GitAsync("branch", "feature/x");
        foreach (var attempt in new[] { 1, 2 })
            await world.Source.GitAsync("branch", BranchNames.ForAttempt("stamina", Guid.NewGuid(), attempt));
        await world.Source.GitAsync("branch", "staminax/kept");

        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        await world.Source.GitAsync("branch", BranchNames.ForAttempt("stamina", Guid.NewGuid(), 1));
        await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        Assert.That(await RefsAsync(world, mirror),
            Is.EqualTo(new[] { "refs/remotes/origin/feature/x", "refs/remotes/origin/main", "refs/remotes/origin/staminax/kept" }));
    }

    [Test]
    public async Task Should_fetch_an_attempt_branch_on_demand_when_an_item_names_it_as_its_base()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        var accepted = BranchNames.ForAttempt("stamina", Guid.NewGuid(), 2);
        await world.Source.GitAsync("checkout", "-q", "-b", accepted);
        await world.Source.CommitAsync("b.txt", "built on\n");
        var tip = (await world.Source.GitAsync("rev-parse", "HEAD")).Trim();
        await world.Source.GitAsync("checkout", "-q", "main");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        Assert.That(await world.Mirrors.ResolveCommitAsync(mirror, accepted, CancellationToken.None), Is.EqualTo(tip));
        Assert.That(await world.Mirrors.ResolveCommitAsync(mirror, "refs/heads/" + accepted, CancellationToken.None), Is.EqualTo(tip));
        Assert.ThrowsAsync<GitRefNotFoundException>(() => world.Mirrors.ResolveCommitAsync(mirror, BranchNames.ForAttempt("stamina", Guid.NewGuid(), 1), CancellationToken.None));
    }

    [Test]
    public async Task Should_leave_out_the_configured_prefix()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        await world.Source.GitAsync("branch", BranchNames.ForAttempt("night/runs", Guid.NewGuid(), 1));
        await world.Source.GitAsync("branch", BranchNames.ForAttempt("stamina", Guid.NewGuid(), 1));
        var mirrors = new MirrorCache(world.WorkDir, world.Git, branchPrefix: "night/runs");

        var mirror = await mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        Assert.That((await RefsAsync(world, mirror)).Where(r => r.Contains("night", StringComparison.Ordinal)), Is.Empty);
        Assert.That((await RefsAsync(world, mirror)).Count(r => r.StartsWith("refs/remotes/origin/stamina/", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.Throws<ArgumentException>(() => _ = new MirrorCache(world.WorkDir, world.Git, branchPrefix: "-bad"));
    }

    [Test]
    public async Task Should_drop_attempt_refs_an_older_mirror_fetched()
    {
        using var world = await GitWorld.CreateAsync();
        var commit = await world.Source.CommitAsync("a.txt", "one\n");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        var old = "refs/remotes/origin/" + BranchNames.ForAttempt("stamina", Guid.NewGuid(), 3);
        await world.Git.RunAsync(mirror, ["update-ref", old, commit], CancellationToken.None);

        var dropped = await world.Mirrors.DropFetchedAttemptBranchesAsync(mirror, CancellationToken.None);

        Assert.That(dropped, Is.EqualTo(1));
        Assert.That(await RefsAsync(world, mirror), Is.EqualTo(new[] { "refs/remotes/origin/main" }));
        Assert.That(await world.Mirrors.DropFetchedAttemptBranchesAsync(mirror, CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task Should_refuse_a_resume_branch_that_is_no_branch_name()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        Assert.ThrowsAsync<ArgumentException>(() =>
            world.Mirrors.EnsureCommitAsync(mirror, new string('a', 40), "--upload-pack=touch /tmp/x", CancellationToken.None));
    }

    internal static async Task<string[]> RefsAsync(GitWorld world, string mirror) =>
        (await world.Git.RunAsync(mirror, ["for-each-ref", "--format=%(refname)"], CancellationToken.None)).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
