using System.Security.Cryptography;
using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

/// <summary>
/// A finished attempt's worktree reused for the next item of its repository is indistinguishable from a fresh
/// <c>git worktree add</c>: same files, same bytes, same modes, same git state; nothing an agent did survives, and a
/// worktree whose git link an agent bent is never reused.
/// </summary>
[TestFixture]
public sealed class SpareWorktreeTests
{
    [Test]
    public async Task Should_hand_the_next_item_exactly_what_a_fresh_worktree_holds_whatever_the_last_agent_did()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync(".gitignore", "build/\n*.log\n");
        await world.Source.CommitAsync("src/keep.txt", "keep\n");
        await world.Source.CommitAsync("src/deleted-by-agent.txt", "restore me\n");
        await world.Source.CommitAsync("hidden/assumed.txt", "assumed\n");
        await world.Source.CommitAsync("hidden/skipped.txt", "skipped\n");
        var (mirror, firstBase) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var worktrees = Spares(world, 4);
        var first = Guid.NewGuid();
        var old = await worktrees.CreateAsync(mirror, first, 1, firstBase, BranchNames.ForAttempt("s", first, 1), CancellationToken.None);

        // The last agent: commits of its own, then every kind of mess a tree and its git state can hold.
        File.WriteAllText(Path.Combine(old, "src", "keep.txt"), "committed by the agent\n");
        await world.Changes.CommitAllAsync(old, "Agent", "agent@example.com", "work", CancellationToken.None);
        File.WriteAllText(Path.Combine(old, "src", "keep.txt"), "changed, not committed\n");
        File.Delete(Path.Combine(old, "src", "deleted-by-agent.txt"));
        File.WriteAllText(Path.Combine(old, "untracked.txt"), "junk\n");
        Directory.CreateDirectory(Path.Combine(old, "build", "deep"));
        File.WriteAllText(Path.Combine(old, "build", "deep", "out.bin"), "ignored build output\n");
        File.WriteAllText(Path.Combine(old, "run.log"), "ignored\n");
        Directory.CreateDirectory(Path.Combine(old, "nested"));
        await WorktreeManagerTests.GitAsync(world, Path.Combine(old, "nested"), "init", "--quiet");
        await WorktreeManagerTests.GitAsync(world, old, "update-index", "--assume-unchanged", "hidden/assumed.txt");
        File.WriteAllText(Path.Combine(old, "hidden", "assumed.txt"), "hidden change\n");
        await WorktreeManagerTests.GitAsync(world, old, "update-index", "--skip-worktree", "hidden/skipped.txt");
        File.WriteAllText(Path.Combine(old, "hidden", "skipped.txt"), "hidden change\n");
        var admin = await WorktreeManagerTests.GitAsync(world, old, "rev-parse", "--absolute-git-dir");
        File.WriteAllText(Path.Combine(admin, "MERGE_HEAD"), firstBase + "\n");
        Directory.CreateDirectory(Path.Combine(admin, "info"));
        File.WriteAllText(Path.Combine(admin, "info", "sparse-checkout"), "/src/\n");
        File.WriteAllText(Path.Combine(admin, "config.worktree"), "[core]\n\tsparseCheckout = true\n");

        // A file neither the agent nor the new base changed: the reset must leave it as it is, not write it again.
        var untouchedWritten = File.GetLastWriteTimeUtc(Path.Combine(old, ".gitignore"));
        await worktrees.RetireAsync(old, CancellationToken.None);
        Assert.That((Directory.Exists(old), worktrees.Spares.Count), Is.EqualTo((false, 1)), "kept as a spare, out of the item's path");

        var nextBase = await world.Source.CommitAsync("src/new.txt", "the base moved on\n");
        await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);
        var next = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("s", next, 1);
        var reused = await worktrees.CreateAsync(mirror, next, 1, nextBase, branch, CancellationToken.None);
        var fresh = await world.Worktrees.CreateAsync(mirror, Guid.NewGuid(), 1, nextBase, BranchNames.ForAttempt("s", Guid.NewGuid(), 1), CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(reused, Is.EqualTo(worktrees.PathFor(next)));
            Assert.That(worktrees.Spares, Is.Empty, "the spare was taken");
            Assert.That(File.GetLastWriteTimeUtc(Path.Combine(reused, ".gitignore")), Is.EqualTo(untouchedWritten),
                "reset in place (the index refreshed against the files), not checked out afresh");
            Assert.That(Listing(reused), Is.EqualTo(Listing(fresh)), "the same files, bytes and modes as a fresh worktree");
            Assert.That(await WorktreeManagerTests.GitAsync(world, reused, "symbolic-ref", "--short", "HEAD"), Is.EqualTo(branch));
            Assert.That(await WorktreeManagerTests.GitAsync(world, reused, "rev-parse", "HEAD"), Is.EqualTo(nextBase));
            Assert.That(await WorktreeManagerTests.GitAsync(world, reused, "status", "--porcelain", "--ignored", "--untracked-files=all"), Is.Empty);
            Assert.That((await WorktreeManagerTests.GitAsync(world, reused, "ls-files", "-v")).Split('\n').Where(line => !line.StartsWith("H ", StringComparison.Ordinal)),
                Is.Empty, "no assume-unchanged or skip-worktree bit is left");
            var reusedAdmin = await WorktreeManagerTests.GitAsync(world, reused, "rev-parse", "--absolute-git-dir");
            Assert.That(new[] { "MERGE_HEAD", "ORIG_HEAD", "config.worktree", "info" }.Where(name => Path.Exists(Path.Combine(reusedAdmin, name))), Is.Empty);
            Assert.That(await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain"), Does.Contain($"worktree {reused}\n"),
                "git knows the worktree at its new path");
        });
        // The mirror stays consistent: git itself can remove the reused worktree.
        await worktrees.RemoveAsync(reused, CancellationToken.None);
        Assert.That(await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain"), Does.Not.Contain(reused));
    }

    [Test]
    public async Task Should_hand_a_retried_item_its_own_path_again()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var worktrees = Spares(world, 1);
        var item = Guid.NewGuid();
        var first = await worktrees.CreateAsync(mirror, item, 1, baseCommit, BranchNames.ForAttempt("s", item, 1), CancellationToken.None);
        File.WriteAllText(Path.Combine(first, "attempt-1.txt"), "x\n");

        _ = worktrees.RetireInBackgroundAsync(first);
        var second = await worktrees.CreateAsync(mirror, item, 2, baseCommit, BranchNames.ForAttempt("s", item, 2), CancellationToken.None);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(File.Exists(Path.Combine(second, "attempt-1.txt")), Is.False);
        Assert.That(await WorktreeManagerTests.GitAsync(world, second, "rev-parse", "--abbrev-ref", "HEAD"), Is.EqualTo($"s/{item:N}/2"));
        Assert.That(worktrees.Spares, Is.Empty);
    }

    [TestCase("its .git replaced by a repository of its own")]
    [TestCase("its .git pointing at another worktree's admin folder")]
    [TestCase("its .git a symbolic link")]
    [TestCase("its HEAD garbage")]
    public async Task Should_remove_rather_than_keep_a_worktree_whose_git_link_an_agent_bent(string bent)
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var worktrees = Spares(world, 4);
        var item = Guid.NewGuid();
        var path = await worktrees.CreateAsync(mirror, item, 1, baseCommit, BranchNames.ForAttempt("s", item, 1), CancellationToken.None);
        var other = await world.Worktrees.CreateAsync(mirror, Guid.NewGuid(), 1, baseCommit, BranchNames.ForAttempt("s", Guid.NewGuid(), 1), CancellationToken.None);
        var dotGit = Path.Combine(path, ".git");
        var admin = await WorktreeManagerTests.GitAsync(world, path, "rev-parse", "--absolute-git-dir");
        switch (bent)
        {
            case "its .git replaced by a repository of its own":
                File.Delete(dotGit);
                await WorktreeManagerTests.GitAsync(world, path, "init", "--quiet");
                break;
            case "its .git pointing at another worktree's admin folder":
                File.WriteAllText(dotGit, "gitdir: " + await WorktreeManagerTests.GitAsync(world, other, "rev-parse", "--absolute-git-dir") + "\n");
                break;
            case "its .git a symbolic link":
                var elsewhere = world.Combine("elsewhere.git");
                File.Move(dotGit, elsewhere);
                File.CreateSymbolicLink(dotGit, elsewhere);
                break;
            default:
                File.WriteAllText(Path.Combine(admin, "HEAD"), "garbage\n");
                break;
        }

        await worktrees.RetireAsync(path, CancellationToken.None);

        Assert.That((Directory.Exists(path), worktrees.Spares.Count), Is.EqualTo((false, 0)));
        Assert.That(Directory.Exists(other), Is.True, "the other worktree is untouched");
        Assert.That(await WorktreeManagerTests.GitAsync(world, other, "status", "--porcelain"), Is.Empty);
    }

    [Test]
    public async Task Should_keep_at_most_the_limit_and_remove_the_oldest()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var worktrees = new WorktreeManager(world.WorkDir, world.Git, spareWorktrees: 2, clock: clock);
        var paths = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var item = Guid.NewGuid();
            paths.Add(await worktrees.CreateAsync(mirror, item, 1, baseCommit, BranchNames.ForAttempt("s", item, 1), CancellationToken.None));
        }
        var retired = new List<string>();
        foreach (var path in paths)
        {
            await worktrees.RetireAsync(path, CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(1));
            retired.Add(worktrees.Spares[0]);
        }

        Assert.That(worktrees.Spares, Is.EqualTo(new[] { retired[2], retired[1] }), "the two newest stay");
        Assert.That(Directory.Exists(retired[0]), Is.False);
        var listed = await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain");
        Assert.That(listed, Does.Not.Contain(retired[0]));
        Assert.That(listed, Does.Contain(retired[1]).And.Contain(retired[2]));
    }

    [Test]
    public async Task Should_never_hand_a_spare_of_one_repository_to_another()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var otherSource = await SourceRepository.CreateAsync(world.Combine("other-source"));
        var otherBase = await otherSource.CommitAsync("b.txt", "other\n");
        var otherMirror = await world.Mirrors.EnsureFreshAsync(world.Parse(otherSource.Path), CancellationToken.None);
        var worktrees = Spares(world, 4);
        var item = Guid.NewGuid();
        await worktrees.RetireAsync(await worktrees.CreateAsync(mirror, item, 1, baseCommit, BranchNames.ForAttempt("s", item, 1), CancellationToken.None),
            CancellationToken.None);

        var next = Guid.NewGuid();
        var path = await worktrees.CreateAsync(otherMirror, next, 1, otherBase, BranchNames.ForAttempt("s", next, 1), CancellationToken.None);

        Assert.That(worktrees.Spares, Has.Count.EqualTo(1), "the first repository's spare is still there");
        Assert.That(Directory.GetFileSystemEntries(path).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { ".git", "b.txt" }));
        Assert.That(await WorktreeManagerTests.GitAsync(world, otherMirror, "worktree", "list", "--porcelain"), Does.Contain(path));
    }

    [Test]
    public async Task Should_start_afresh_when_the_spare_cannot_be_reset()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var worktrees = Spares(world, 4);
        var item = Guid.NewGuid();
        var path = await worktrees.CreateAsync(mirror, item, 1, baseCommit, BranchNames.ForAttempt("s", item, 1), CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "junk.txt"), "junk\n");
        // Submodules' repositories live in the admin folder: such a tree is never reset, always made anew.
        var admin = await WorktreeManagerTests.GitAsync(world, path, "rev-parse", "--absolute-git-dir");
        Directory.CreateDirectory(Path.Combine(admin, "modules", "sub"));
        await worktrees.RetireAsync(path, CancellationToken.None);
        Assert.That(worktrees.Spares, Has.Count.EqualTo(1));

        var next = Guid.NewGuid();
        var fresh = await worktrees.CreateAsync(mirror, next, 1, baseCommit, BranchNames.ForAttempt("s", next, 1), CancellationToken.None);

        Assert.That(worktrees.Spares, Is.Empty, "the spare that could not be reset is gone");
        Assert.That(Directory.GetFileSystemEntries(fresh).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { ".git", "a.txt" }));
        var listed = (await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain")).Split('\n');
        Assert.That(listed.Count(line => line.StartsWith("worktree ", StringComparison.Ordinal)), Is.EqualTo(2), "the mirror and the new worktree only");
    }

    [Test]
    public async Task Should_remove_instead_when_reuse_is_off()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var item = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, item, 1, baseCommit, BranchNames.ForAttempt("s", item, 1), CancellationToken.None);

        await world.Worktrees.RetireAsync(path, CancellationToken.None);

        Assert.That((Directory.Exists(path), world.Worktrees.Spares.Count), Is.EqualTo((false, 0)));
        Assert.That(await WorktreeManagerTests.GitAsync(world, mirror, "worktree", "list", "--porcelain"), Does.Not.Contain(path));
    }

    static WorktreeManager Spares(GitWorld world, int count) => new(world.WorkDir, world.Git, spareWorktrees: count);

    /// <summary>Every file and folder under the tree but <c>.git</c>: path, mode and content hash.</summary>
    static List<string> Listing(string root) =>
        [.. new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(entry => Path.GetRelativePath(root, entry.FullName) != ".git")
            .Select(entry => $"{Path.GetRelativePath(root, entry.FullName)} {entry.UnixFileMode} " +
                (entry is FileInfo file ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file.FullName))) : "dir"))
            .Order(StringComparer.Ordinal)];
}
