using Stamina.Worker.Git;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Tests.Git;

/// <summary>
/// The in-process push to a repository on this machine: what lands is what <c>git push</c> would land (checked with git's
/// own fsck), and wherever the origin would run a hook or refuse, it steps aside and git decides.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalOriginPushTests
{
    [Test]
    public async Task Should_land_the_commit_with_every_new_object_that_git_fsck_accepts()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("deep/old/gone.txt", "delete me\n");
        var (path, baseCommit, branch) = await WorktreeAsync(world);
        File.Delete(Path.Combine(path, "deep", "old", "gone.txt"));
        Directory.CreateDirectory(Path.Combine(path, "deep", "er", "still"));
        File.WriteAllText(Path.Combine(path, "deep", "er", "still", "new.txt"), "nested\n");
        File.WriteAllBytes(Path.Combine(path, "blob.bin"), [0, 1, 2, 255, 0, 13, 10]);
        File.WriteAllText(Path.Combine(path, "run.sh"), "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(Path.Combine(path, "run.sh"), (UnixFileMode)Convert.ToInt32("755", 8));
        File.CreateSymbolicLink(Path.Combine(path, "link"), "deep/er/still/new.txt");
        var commit = await world.Changes.CommitAllAsync(path, "A", "a@example.com", "work", CancellationToken.None);

        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.True);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await world.Source.GitAsync("rev-parse", "refs/heads/" + branch), Is.EqualTo(commit));
            Assert.That(await world.Source.GitAsync("rev-parse", branch + "^{tree}"), Is.EqualTo(await GitAsync(world, path, "rev-parse", "HEAD^{tree}")));
            Assert.That(await world.Source.GitAsync("rev-parse", branch + "^"), Is.EqualTo(baseCommit));
            Assert.That(await world.Source.GitAsync("ls-tree", "-r", branch, "--", "run.sh"), Does.StartWith("100755 "));
            Assert.That(await world.Source.GitAsync("ls-tree", branch, "--", "link"), Does.StartWith("120000 "));
            Assert.That(await world.Source.GitAsync("diff", "--shortstat", baseCommit, branch), Does.Contain("5 files changed"));
            Assert.That(await FsckAsync(world.Source.Path), Is.Empty, "git fsck of the origin");
            Assert.That(await world.Source.GitAsync("reflog", "show", "--format=%gs", "refs/heads/" + branch), Is.EqualTo("push"));
            Assert.That(await world.Source.GitAsync("symbolic-ref", "--short", "HEAD"), Is.EqualTo("main"), "the origin's own checkout");
        });
    }

    [Test]
    public async Task Should_land_a_history_of_several_commits_and_a_merge_and_move_the_branch_by_force()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, baseCommit, branch) = await WorktreeAsync(world);
        await AgentCommitAsync(world, path, "one.txt", "1");
        await GitAsync(world, path, "checkout", "--quiet", "-b", "side", baseCommit);
        await AgentCommitAsync(world, path, "two.txt", "2");
        await GitAsync(world, path, "checkout", "--quiet", branch);
        await GitAsync(world, path, "-c", "user.name=Agent", "-c", "user.email=agent@example.com", "merge", "--quiet", "--no-edit", "side");
        var merged = await GitAsync(world, path, "rev-parse", "HEAD");
        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.True);
        Assert.That(await world.Source.GitAsync("rev-list", "--count", $"{baseCommit}..{branch}"), Is.EqualTo("3"));

        // The agent rewrote its history: the branch follows it, as a forced push would.
        await GitAsync(world, path, "reset", "--quiet", "--hard", baseCommit);
        var rewritten = await AgentCommitAsync(world, path, "three.txt", "3");
        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.True);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await world.Source.GitAsync("rev-parse", branch), Is.EqualTo(rewritten));
            Assert.That(await world.Source.GitAsync("cat-file", "-t", merged), Is.EqualTo("commit"), "the first push's objects stay");
            Assert.That(await FsckAsync(world.Source.Path), Is.Empty, "git fsck of the origin");
        });
    }

    [Test]
    public async Task Should_leave_the_push_to_git_when_the_origin_has_a_receive_hook()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, _, branch) = await WorktreeAsync(world);
        var commit = await AgentCommitAsync(world, path, "x.txt", "x");
        var marker = world.Combine("hook-ran");
        var hook = Path.Combine(world.Source.Path, ".git", "hooks", "post-receive");
        File.WriteAllText(hook, $"#!/bin/sh\ncat > '{marker}'\n");
        File.SetUnixFileMode(hook, (UnixFileMode)Convert.ToInt32("755", 8));

        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.False);
        Assert.That(await RefExistsAsync(world, branch), Is.False, "nothing moved before stepping aside");
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(marker), Does.Contain(commit + " refs/heads/" + branch), "the origin's hook saw the push");
        });
    }

    [Test]
    public async Task Should_leave_the_push_to_git_when_a_hooks_path_names_an_update_hook()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, _, branch) = await WorktreeAsync(world);
        await AgentCommitAsync(world, path, "x.txt", "x");
        // Relative to $GIT_DIR, where receive-pack runs its hooks.
        var hooks = Path.Combine(world.Source.Path, ".git", "my-hooks");
        Directory.CreateDirectory(hooks);
        File.WriteAllText(Path.Combine(hooks, "update"), "#!/bin/sh\necho refused by policy >&2\nexit 1\n");
        File.SetUnixFileMode(Path.Combine(hooks, "update"), (UnixFileMode)Convert.ToInt32("755", 8));
        await world.Source.GitAsync("config", "core.hooksPath", "my-hooks");

        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.False);
        var refused = Assert.ThrowsAsync<GitCommandException>(() => world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("refused by policy"));
        Assert.That(await RefExistsAsync(world, branch), Is.False);
    }

    [Test]
    public async Task Should_leave_the_push_to_git_when_the_branch_is_checked_out_in_the_origin()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, baseCommit, branch) = await WorktreeAsync(world);
        await AgentCommitAsync(world, path, "x.txt", "x");
        await world.Source.GitAsync("checkout", "--quiet", "-b", branch);

        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.False);
        var refused = Assert.ThrowsAsync<GitCommandException>(() => world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("checked out"), "git's own refusal (receive.denyCurrentBranch)");
        Assert.That(await world.Source.GitAsync("rev-parse", branch), Is.EqualTo(baseCommit), "the user's checkout is untouched");
    }

    [Test]
    public async Task Should_leave_the_push_to_git_when_a_worktree_of_the_origin_has_the_branch_checked_out()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, baseCommit, branch) = await WorktreeAsync(world);
        await AgentCommitAsync(world, path, "x.txt", "x");
        await world.Source.GitAsync("branch", branch, baseCommit);
        await world.Source.GitAsync("worktree", "add", "--quiet", world.Combine("review"), branch);

        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.False);
        Assert.ThrowsAsync<GitCommandException>(() => world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None));
        Assert.That(await world.Source.GitAsync("rev-parse", branch), Is.EqualTo(baseCommit), "the user's worktree is untouched");
    }

    [TestCase("receive.denyNonFastForwards", "true")]
    [TestCase("receive.fsckObjects", "true")]
    [TestCase("core.sharedRepository", "group")]
    public async Task Should_leave_the_push_to_git_when_the_origin_sets(string name, string value)
    {
        using var world = await GitWorld.CreateAsync();
        var (path, _, branch) = await WorktreeAsync(world);
        await AgentCommitAsync(world, path, "x.txt", "x");
        await world.Source.GitAsync("config", name, value);

        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.False);
        Assert.That(await RefExistsAsync(world, branch), Is.False);
    }

    [Test]
    public async Task Should_leave_the_push_to_git_when_the_new_objects_are_packed()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, _, branch) = await WorktreeAsync(world);
        var commit = await AgentCommitAsync(world, path, "x.txt", "x");
        // The agent ran git gc: its objects are in a pack of the mirror, not loose.
        await GitAsync(world, path, "repack", "-a", "-d", "--quiet");
        await GitAsync(world, path, "prune-packed");

        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.False);
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);

        Assert.That(await world.Source.GitAsync("rev-parse", branch), Is.EqualTo(commit));
        Assert.That(await FsckAsync(world.Source.Path), Is.Empty);
    }

    [Test]
    public async Task Should_copy_no_corrupt_object_and_move_no_branch()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, _, branch) = await WorktreeAsync(world);
        File.WriteAllText(Path.Combine(path, "x.txt"), "real content\n");
        await world.Changes.CommitAllAsync(path, "A", "a@example.com", "work", CancellationToken.None);
        var blobId = await GitAsync(world, path, "rev-parse", "HEAD:x.txt");
        File.WriteAllText(world.Combine("other.txt"), "another object\n");
        var other = await GitAsync(world, path, "hash-object", "-w", "--", world.Combine("other.txt"));
        // The blob's file now holds another object's bytes: a disk that flipped it, or a hand that edited it.
        var objects = Path.Combine(await GitAsync(world, path, "rev-parse", "--git-common-dir"), "objects");
        var blobFile = Path.Combine(Path.GetFullPath(objects, path), blobId[..2], blobId[2..]);
        File.SetUnixFileMode(blobFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllBytes(blobFile, File.ReadAllBytes(Path.Combine(Path.GetFullPath(objects, path), other[..2], other[2..])));

        Assert.That(LocalOriginPush.TryPush(path, world.Source.Path, "HEAD", branch), Is.False);

        Assert.That(await RefExistsAsync(world, branch), Is.False);
        var present = await ChildProcessRunner.RunAsync(["git", "cat-file", "-e", blobId], world.Source.Path, timeout: TimeSpan.FromMinutes(1));
        Assert.That(present.Succeeded, Is.False, "the corrupt object stays out of the origin");
    }

    static async Task<(string Path, string Base, string Branch)> WorktreeAsync(GitWorld world)
    {
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("stamina", itemId, 1);
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, branch, CancellationToken.None);
        return (path, baseCommit, branch);
    }

    static async Task<string> AgentCommitAsync(GitWorld world, string path, string file, string content)
    {
        File.WriteAllText(Path.Combine(path, file), content + "\n");
        await GitAsync(world, path, "add", "--all");
        await GitAsync(world, path, "-c", "user.name=Agent", "-c", "user.email=agent@example.com", "commit", "--quiet", "-m", file);
        return await GitAsync(world, path, "rev-parse", "HEAD");
    }

    static Task<string> GitAsync(GitWorld world, string path, params string[] arguments) => WorktreeManagerTests.GitAsync(world, path, arguments);

    static async Task<bool> RefExistsAsync(GitWorld world, string branch) =>
        (await ChildProcessRunner.RunAsync(["git", "rev-parse", "--verify", "--quiet", "refs/heads/" + branch], world.Source.Path,
            timeout: TimeSpan.FromMinutes(1))).Succeeded;

    /// <summary>What git fsck finds wrong (missing or corrupt objects, broken links); dangling objects are no fault.</summary>
    static async Task<string> FsckAsync(string repository)
    {
        var result = await ChildProcessRunner.RunAsync(["git", "fsck", "--full", "--strict", "--no-dangling"], repository, timeout: TimeSpan.FromMinutes(1));
        return result.Succeeded ? result.StandardOutputTail.Trim() + result.StandardErrorTail.Trim() : "exit " + result.ExitCode + ": " + result.StandardErrorTail;
    }
}
