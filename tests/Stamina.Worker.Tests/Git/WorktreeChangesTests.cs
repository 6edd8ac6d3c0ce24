using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class WorktreeChangesTests
{
    [Test]
    public async Task Should_push_exactly_one_commit_on_top_of_the_base_into_a_local_repository()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("stamina", itemId, 1);
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, branch, CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "a.txt"), "one\nagent\n");
        Directory.CreateDirectory(Path.Combine(path, "src"));
        File.WriteAllText(Path.Combine(path, "src", "new.cs"), "class X {}\n");

        var commit = await world.Changes.CommitAllAsync(path, "Stamina Agent", "agent@example.com", "Do the task\n\nDetails.", CancellationToken.None);
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await world.Source.GitAsync("rev-parse", $"refs/heads/{branch}"), Is.EqualTo(commit));
            Assert.That(await world.Source.GitAsync("rev-list", "--count", $"{baseCommit}..{branch}"), Is.EqualTo("1"));
            Assert.That(await world.Source.GitAsync("rev-parse", $"{branch}^"), Is.EqualTo(baseCommit));
            Assert.That(await world.Source.GitAsync("show", $"{branch}:a.txt"), Is.EqualTo("one\nagent"));
            Assert.That(await world.Source.GitAsync("show", $"{branch}:src/new.cs"), Is.EqualTo("class X {}"));
            Assert.That(await world.Source.GitAsync("log", "-1", "--format=%an <%ae>|%cn <%ce>|%B", branch),
                Is.EqualTo("Stamina Agent <agent@example.com>|Stamina Agent <agent@example.com>|Do the task\n\nDetails."));
            Assert.That(await world.Source.GitAsync("symbolic-ref", "--short", "HEAD"), Is.EqualTo("main"));
        });
    }

    [Test]
    public async Task Should_push_again_after_the_agent_rewrote_its_history()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("stamina", itemId, 1);
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, branch, CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "b.txt"), "checkpoint\n");
        await world.Changes.CommitAllAsync(path, "A", "a@example.com", "checkpoint", CancellationToken.None);
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);

        await WorktreeManagerTests.GitAsync(world, path, "reset", "--hard", baseCommit);
        File.WriteAllText(Path.Combine(path, "c.txt"), "final\n");
        var final = await world.Changes.CommitAllAsync(path, "A", "a@example.com", "final", CancellationToken.None);
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);

        Assert.That(await world.Source.GitAsync("rev-parse", branch), Is.EqualTo(final));
    }

    [Test]
    public async Task Should_commit_the_rest_when_the_agent_left_nested_repositories_without_a_commit()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var branch = BranchNames.ForAttempt("stamina", itemId, 1);
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, branch, CancellationToken.None);
        // git refuses the whole add over one of these, and names only the first: each is left out in turn.
        foreach (var nested in new[] { "empty", "deep/er/also empty", "odd 'name" })
        {
            Directory.CreateDirectory(Path.Combine(path, nested));
            await WorktreeManagerTests.GitAsync(world, Path.Combine(path, nested), "init", "--quiet");
            File.WriteAllText(Path.Combine(path, nested, "inside.txt"), "in a repository git cannot record\n");
        }
        File.WriteAllText(Path.Combine(path, "work.txt"), "the agent's work\n");
        File.WriteAllText(Path.Combine(path, "deep", "beside.txt"), "beside it\n");

        var commit = await world.Changes.CommitAllAsync(path, "A", "a@example.com", "work", CancellationToken.None);
        await world.Changes.PushAsync(path, world.Address, branch, CancellationToken.None);

        Assert.That(commit, Is.Not.Null);
        Assert.That(await world.Source.GitAsync("ls-tree", "-r", "--name-only", branch), Is.EqualTo("a.txt\ndeep/beside.txt\nwork.txt"));
    }

    [Test]
    public async Task Should_return_no_commit_when_nothing_changed()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
        File.WriteAllText(Path.Combine(path, ".gitignore"), "ignored.txt\n");
        await world.Changes.CommitAllAsync(path, "A", "a@example.com", "ignore", CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "ignored.txt"), "build output\n");

        var commit = await world.Changes.CommitAllAsync(path, "A", "a@example.com", "nothing", CancellationToken.None);

        Assert.That(commit, Is.Null);
    }

    [Test]
    public async Task Should_count_commits_files_and_lines()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("old.txt", "keep\nremove me\n");
        await world.Source.CommitAsync("rename-me.txt", "same content\nfor the rename\ndetection\n");
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "old.txt"), "keep\nadded 1\nadded 2\n");
        await world.Changes.CommitAllAsync(path, "A", "a@example.com", "first", CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "new.txt"), "x\ny\nz\n");
        File.WriteAllBytes(Path.Combine(path, "image.bin"), [0, 1, 2, 0, 255, 0]);
        File.Move(Path.Combine(path, "rename-me.txt"), Path.Combine(path, "renamed.txt"));
        var head = await world.Changes.CommitAllAsync(path, "A", "a@example.com", "second", CancellationToken.None);

        var summary = await world.Changes.DiffSummaryAsync(path, baseCommit, CancellationToken.None);

        Assert.That(summary, Is.EqualTo(new DiffSummary(baseCommit, head!, Commits: 2, FilesChanged: 4, Insertions: 5, Deletions: 1)));
    }

    [Test]
    public async Task Should_report_an_empty_diff_at_the_base()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);

        var summary = await world.Changes.DiffSummaryAsync(path, baseCommit, CancellationToken.None);

        Assert.That(summary, Is.EqualTo(new DiffSummary(baseCommit, baseCommit, 0, 0, 0, 0)));
    }

    [Test]
    public async Task Should_reject_an_author_that_would_break_the_commit()
    {
        using var world = await GitWorld.CreateAsync();

        Assert.ThrowsAsync<ArgumentException>(() => world.Changes.CommitAllAsync(world.Source.Path, "A <evil>", "a@example.com", "m", CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Changes.CommitAllAsync(world.Source.Path, "A", "a@example.com\n", "m", CancellationToken.None));
    }
}
