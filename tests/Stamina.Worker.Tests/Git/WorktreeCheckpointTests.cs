using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class WorktreeCheckpointTests
{
    const string Name = "Stamina Agent";
    const string Email = "agent@example.com";

    [Test]
    public async Task Should_push_a_snapshot_past_a_nested_repository_without_a_commit()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, _) = await AttemptAsync(world);
        Directory.CreateDirectory(Path.Combine(path, "scratch"));
        await GitAsync(world, Path.Combine(path, "scratch"), "init", "--quiet");
        File.WriteAllText(Path.Combine(path, "a.txt"), "one\nedited\n");

        var checkpoint = await world.Changes.CheckpointAsync(path, world.Address, branch, Name, Email, "checkpoint 1", CancellationToken.None);

        Assert.That(checkpoint, Is.Not.Null);
        Assert.That(await world.Source.GitAsync("show", $"{branch}:a.txt"), Is.EqualTo("one\nedited"));
        Assert.That(await world.Source.GitAsync("ls-tree", "-r", "--name-only", branch), Is.EqualTo("a.txt"));
    }

    [Test]
    public async Task Should_push_a_snapshot_on_top_of_HEAD_without_disturbing_the_agent()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, baseCommit) = await AttemptAsync(world);
        File.WriteAllText(Path.Combine(path, ".gitignore"), "build/\n");
        Directory.CreateDirectory(Path.Combine(path, "build"));
        File.WriteAllText(Path.Combine(path, "build", "out.bin"), "ignored\n");
        File.WriteAllText(Path.Combine(path, "a.txt"), "one\nedited\n");
        File.WriteAllText(Path.Combine(path, "staged.txt"), "staged by the agent\n");
        await GitAsync(world, path, "add", "staged.txt");
        Directory.CreateDirectory(Path.Combine(path, "src"));
        File.WriteAllText(Path.Combine(path, "src", "new.cs"), "class X {}\n");
        var statusBefore = await GitAsync(world, path, "status", "--porcelain", "--untracked-files=all");
        var indexBefore = File.ReadAllBytes(await IndexPathAsync(world, path));

        var checkpoint = await world.Changes.CheckpointAsync(path, world.Address, branch, Name, Email, "checkpoint 1", CancellationToken.None);

        Assert.That(checkpoint, Is.Not.Null);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await world.Source.GitAsync("rev-parse", $"refs/heads/{branch}"), Is.EqualTo(checkpoint));
            Assert.That(await world.Source.GitAsync("rev-parse", $"{branch}^"), Is.EqualTo(baseCommit));
            Assert.That(await world.Source.GitAsync("show", $"{branch}:a.txt"), Is.EqualTo("one\nedited"));
            Assert.That(await world.Source.GitAsync("show", $"{branch}:staged.txt"), Is.EqualTo("staged by the agent"));
            Assert.That(await world.Source.GitAsync("show", $"{branch}:src/new.cs"), Is.EqualTo("class X {}"));
            Assert.That(await world.Source.GitAsync("ls-tree", "-r", "--name-only", branch),
                Is.EqualTo(".gitignore\na.txt\nsrc/new.cs\nstaged.txt"), "ignored files stay out");
            Assert.That(await world.Source.GitAsync("log", "-1", "--format=%an <%ae>|%cn <%ce>|%B", branch),
                Is.EqualTo($"{Name} <{Email}>|{Name} <{Email}>|checkpoint 1"));
            // The agent's side: same HEAD, same index byte for byte, same status.
            Assert.That(await GitAsync(world, path, "rev-parse", "HEAD"), Is.EqualTo(baseCommit));
            Assert.That(await GitAsync(world, path, "symbolic-ref", "--short", "HEAD"), Is.EqualTo(branch));
            Assert.That(File.ReadAllBytes(await IndexPathAsync(world, path)), Is.EqualTo(indexBefore));
            Assert.That(await GitAsync(world, path, "status", "--porcelain", "--untracked-files=all"), Is.EqualTo(statusBefore));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(await IndexPathAsync(world, path))!, "*stamina-checkpoint-*"),
                Is.Empty, "the temporary index is gone");
        });
    }

    [Test]
    public async Task Should_push_only_when_the_work_changed()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, _) = await AttemptAsync(world);
        Task<string?> Checkpoint() => world.Changes.CheckpointAsync(path, world.Address, branch, Name, Email, "cp", CancellationToken.None);

        var atStart = await Checkpoint();
        File.WriteAllText(Path.Combine(path, "b.txt"), "b\n");
        var first = await Checkpoint();
        var unchanged = await Checkpoint();
        File.WriteAllText(Path.Combine(path, "b.txt"), "b2\n");
        var second = await Checkpoint();
        // The agent commits exactly the last snapshot: nothing new to save.
        await world.Changes.CommitAllAsync(path, "Agent", "a@example.com", "agent's own commit", CancellationToken.None);
        var afterAgentCommit = await Checkpoint();
        File.WriteAllText(Path.Combine(path, "c.txt"), "c\n");
        var third = await Checkpoint();

        Assert.Multiple(() =>
        {
            Assert.That(atStart, Is.Null, "a clean worktree matches HEAD");
            Assert.That(first, Is.Not.Null);
            Assert.That(unchanged, Is.Null);
            Assert.That(second, Is.Not.Null.And.Not.EqualTo(first));
            Assert.That(afterAgentCommit, Is.Null);
            Assert.That(third, Is.Not.Null);
        });
        var head = await GitAsync(world, path, "rev-parse", "HEAD");
        Assert.That(await world.Source.GitAsync("rev-parse", branch), Is.EqualTo(third));
        Assert.That(await world.Source.GitAsync("rev-parse", $"{branch}^"), Is.EqualTo(head), "a checkpoint's parent is the agent's current HEAD");
        Assert.That(await world.Source.GitAsync("show", $"{branch}:b.txt"), Is.EqualTo("b2"));
    }

    [Test]
    public async Task Should_let_the_final_save_win_over_the_checkpoints()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, baseCommit) = await AttemptAsync(world);
        File.WriteAllText(Path.Combine(path, "early.txt"), "early\n");
        var checkpoint = await world.Changes.CheckpointAsync(path, world.Address, branch, Name, Email, "cp", CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "late.txt"), "late\n");
        File.WriteAllText(Path.Combine(path, "a.txt"), "one\nlast edit\n");

        var final = await world.Changes.CommitAllAsync(path, Name, Email, "final", CancellationToken.None);
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(checkpoint, Is.Not.Null);
            Assert.That(await world.Source.GitAsync("rev-parse", branch), Is.EqualTo(final));
            Assert.That(await world.Source.GitAsync("rev-parse", $"{branch}^"), Is.EqualTo(baseCommit), "the final commit sits on HEAD, not on the checkpoint");
            Assert.That(await world.Source.GitAsync("ls-tree", "-r", "--name-only", branch), Is.EqualTo("a.txt\nearly.txt\nlate.txt"));
            Assert.That(await world.Source.GitAsync("show", $"{branch}:a.txt"), Is.EqualTo("one\nlast edit"));
        });
    }

    [Test]
    public async Task Should_refuse_while_the_agent_holds_the_index_lock()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, _) = await AttemptAsync(world);
        File.WriteAllText(Path.Combine(path, "b.txt"), "b\n");
        var indexLock = await IndexPathAsync(world, path) + ".lock";
        File.WriteAllText(indexLock, "");

        var error = Assert.ThrowsAsync<WorktreeBusyException>(() =>
            world.Changes.CheckpointAsync(path, world.Address, branch, Name, Email, "cp", CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("index is locked"));
        Assert.That(await BranchExistsAsync(world, branch), Is.False);
        File.Delete(indexLock);
        Assert.That(await world.Changes.CheckpointAsync(path, world.Address, branch, Name, Email, "cp", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Should_fail_clearly_when_the_push_fails_and_try_again_later()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, _) = await AttemptAsync(world);
        File.WriteAllText(Path.Combine(path, "b.txt"), "b\n");
        Directory.CreateDirectory(world.Combine("gone"));
        var gone = world.Parse(world.Combine("gone"));

        var error = Assert.ThrowsAsync<GitCommandException>(() =>
            world.Changes.CheckpointAsync(path, gone, branch, Name, Email, "cp", CancellationToken.None));
        var retried = await world.Changes.CheckpointAsync(path, world.Address, branch, Name, Email, "cp", CancellationToken.None);

        Assert.That(error!.Message, Does.StartWith("git push"));
        Assert.That(retried, Is.Not.Null, "a failed push is not remembered as saved");
    }

    [Test]
    public async Task Should_reject_bad_arguments()
    {
        using var world = await GitWorld.CreateAsync();
        var (path, branch, _) = await AttemptAsync(world);

        Assert.ThrowsAsync<ArgumentException>(() => world.Changes.CheckpointAsync(path, world.Address, "-f", Name, Email, "cp", CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Changes.CheckpointAsync(path, world.Address, branch, "A <x>", Email, "cp", CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Changes.CheckpointAsync(path, world.Address, branch, Name, "a@b\n", "cp", CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Changes.CheckpointAsync(path, world.Address, branch, Name, Email, " ", CancellationToken.None));
    }

    internal static async Task<(string Path, string Branch, string Base)> AttemptAsync(GitWorld world)
    {
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("stamina", itemId, 1);
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, branch, CancellationToken.None);
        return (path, branch, baseCommit);
    }

    static Task<string> GitAsync(GitWorld world, string directory, params string[] arguments) =>
        WorktreeManagerTests.GitAsync(world, directory, arguments);

    static async Task<string> IndexPathAsync(GitWorld world, string worktree) =>
        Path.Combine(await GitAsync(world, worktree, "rev-parse", "--absolute-git-dir"), "index");

    static async Task<bool> BranchExistsAsync(GitWorld world, string branch) =>
        (await world.Git.RunAsync(world.Source.Path, ["show-ref", "--verify", "--quiet", $"refs/heads/{branch}"],
            new GitRunOptions { ThrowOnFailure = false }, CancellationToken.None)).Succeeded;
}
