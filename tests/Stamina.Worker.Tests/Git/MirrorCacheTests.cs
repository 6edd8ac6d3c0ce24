using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class MirrorCacheTests
{
    [Test]
    public async Task Should_clone_once_and_see_new_commits_on_refresh()
    {
        using var world = await GitWorld.CreateAsync();
        var first = await world.Source.CommitAsync("a.txt", "one\n");

        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        var seenFirst = await world.Mirrors.ResolveCommitAsync(mirror, "main", CancellationToken.None);
        var second = await world.Source.CommitAsync("a.txt", "two\n");
        var again = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        var seenSecond = await world.Mirrors.ResolveCommitAsync(mirror, "main", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(mirror, Does.Match(@"/work/mirrors/[0-9a-f]{16}\.git$"));
            Assert.That(again, Is.EqualTo(mirror));
            Assert.That(seenFirst, Is.EqualTo(first));
            Assert.That(seenSecond, Is.EqualTo(second));
            Assert.That(Directory.Exists(mirror + ".new"), Is.False);
        });
    }

    [Test]
    public async Task Should_keep_the_remote_branches_out_of_refs_heads()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        await world.Source.GitAsync("branch", "feature/x");

        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        var refs = await world.Git.RunAsync(mirror, ["for-each-ref", "--format=%(refname)"], CancellationToken.None);
        var fetch = await world.Git.RunAsync(mirror, ["config", "--get-all", "remote.origin.fetch"], CancellationToken.None);

        Assert.That(refs.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EquivalentTo(new[] { "refs/remotes/origin/feature/x", "refs/remotes/origin/main" }));
        Assert.That(fetch.Output.Trim(), Is.EqualTo("+refs/heads/*:refs/remotes/origin/*"));
    }

    [Test]
    public async Task Should_resolve_HEAD_to_the_remotes_default_branch()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        var main = (await world.Source.GitAsync("rev-parse", "main")).Trim();
        await world.Source.GitAsync("checkout", "-q", "-b", "other");
        await world.Source.CommitAsync("b.txt", "two\n");
        await world.Source.GitAsync("checkout", "-q", "main");

        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        Assert.That(await world.Mirrors.ResolveCommitAsync(mirror, "HEAD", CancellationToken.None), Is.EqualTo(main));
    }

    [Test]
    public async Task Should_prune_deleted_branches_and_tags()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        await world.Source.GitAsync("branch", "gone");
        await world.Source.GitAsync("tag", "old");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        await world.Source.GitAsync("branch", "-D", "gone");
        await world.Source.GitAsync("tag", "-d", "old");
        await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        Assert.ThrowsAsync<GitRefNotFoundException>(() => world.Mirrors.ResolveCommitAsync(mirror, "gone", CancellationToken.None));
        Assert.ThrowsAsync<GitRefNotFoundException>(() => world.Mirrors.ResolveCommitAsync(mirror, "old", CancellationToken.None));
    }

    [Test]
    public async Task Should_resolve_branches_tags_and_commit_ids()
    {
        using var world = await GitWorld.CreateAsync();
        var tagged = await world.Source.CommitAsync("a.txt", "one\n");
        await world.Source.GitAsync("tag", "v1.0");
        await world.Source.GitAsync("tag", "-a", "v1.1", "-m", "annotated");
        var release = await world.Source.CommitAsync("a.txt", "two\n");
        await world.Source.GitAsync("branch", "release/1.2");
        var main = await world.Source.CommitAsync("a.txt", "three\n");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        async Task<string> Resolve(string name) => await world.Mirrors.ResolveCommitAsync(mirror, name, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Resolve("main"), Is.EqualTo(main));
            Assert.That(await Resolve("refs/heads/main"), Is.EqualTo(main));
            Assert.That(await Resolve("release/1.2"), Is.EqualTo(release));
            Assert.That(await Resolve("v1.0"), Is.EqualTo(tagged));
            Assert.That(await Resolve("v1.1"), Is.EqualTo(tagged), "an annotated tag resolves to its commit");
            Assert.That(await Resolve("refs/tags/v1.1"), Is.EqualTo(tagged));
            Assert.That(await Resolve(release), Is.EqualTo(release));
            Assert.That(await Resolve(release[..8]), Is.EqualTo(release));
        });
    }

    [Test]
    public async Task Should_name_an_unknown_ref()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        var unknown = Assert.ThrowsAsync<GitRefNotFoundException>(() => world.Mirrors.ResolveCommitAsync(mirror, "no-such-branch", CancellationToken.None));
        var missingCommit = Assert.ThrowsAsync<GitRefNotFoundException>(() => world.Mirrors.ResolveCommitAsync(mirror, "deadbeefdeadbeef", CancellationToken.None));
        var invalid = Assert.ThrowsAsync<ArgumentException>(() => world.Mirrors.ResolveCommitAsync(mirror, "--output=/tmp/x", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(unknown!.Message, Does.Contain("'no-such-branch'").And.Contain(world.Address.Value));
            Assert.That(unknown.Reference, Is.EqualTo("no-such-branch"));
            Assert.That(missingCommit!.Reference, Is.EqualTo("deadbeefdeadbeef"));
            Assert.That(invalid!.Message, Does.Contain("baseRef: must not start with '-'"));
        });
    }

    [Test]
    public async Task Should_fail_clearly_for_an_unreachable_repository()
    {
        using var world = await GitWorld.CreateAsync();
        var missing = world.Parse(world.Combine("missing"));

        var error = Assert.ThrowsAsync<GitCommandException>(() => world.Mirrors.EnsureFreshAsync(missing, CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("git fetch").And.Contain("does not appear to be a git repository"));
        Assert.That(Directory.Exists(world.Mirrors.MirrorPathFor(missing)), Is.False, "no half-made mirror is left");
    }

    [Test]
    public async Task Should_not_corrupt_a_mirror_shared_by_parallel_users()
    {
        using var world = await GitWorld.CreateAsync();
        for (var i = 0; i < 5; i++)
            await world.Source.CommitAsync($"f{i}.txt", $"{i}\n");
        var expected = await world.Source.GitAsync("rev-parse", "HEAD");
        // Separate instances, as separate worker processes would have; the lock is the file, not the object.
        var users = Enumerable.Range(0, 4).Select(_ => world.Mirrors).ToList();

        var mirrors = await Task.WhenAll(users.Select(user => user.EnsureFreshAsync(world.Address, CancellationToken.None)));
        var more = users.Select(async (user, i) =>
        {
            var mirror = await user.EnsureFreshAsync(world.Address, CancellationToken.None);
            var commit = await user.ResolveCommitAsync(mirror, "main", CancellationToken.None);
            return await world.Worktrees.CreateAsync(mirror, Guid.NewGuid(), 1, commit, $"stamina/parallel/{i}", CancellationToken.None);
        });
        var worktrees = await Task.WhenAll(more);

        Assert.That(mirrors.Distinct().Count(), Is.EqualTo(1));
        Assert.That(await world.Mirrors.ResolveCommitAsync(mirrors[0], "main", CancellationToken.None), Is.EqualTo(expected));
        var check = await world.Git.RunAsync(mirrors[0], ["fsck", "--no-progress"], CancellationToken.None);
        Assert.That(check.Succeeded, Is.True);
        Assert.That(worktrees.All(path => File.Exists(Path.Combine(path, "f4.txt"))), Is.True);
    }
}
