using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

/// <summary>The in-process commit and diff summary against what git's own CLI makes and reports.</summary>
[TestFixture]
public sealed class InProcessGitTests
{
    static readonly string[] Changes = ["text", "binary", "rename", "deletion", "odd names", "nothing", "everything"];

    [TestCaseSource(nameof(Changes))]
    public async Task Should_summarise_a_diff_as_git_diff_shortstat_does(string change)
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("keep.txt", "one\ntwo\nthree\n");
        await world.Source.CommitAsync("rename-me.txt", string.Concat(Enumerable.Range(0, 20).Select(i => $"line {i}\n")));
        await world.Source.CommitAsync("delete-me.txt", "a\nb\n");
        await world.Source.CommitAsync("picture.bin", "\0\u0001old\0");
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var itemId = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
        Apply(path, change);
        await world.Changes.CommitAllAsync(path, "A", "a@example.com", "change", CancellationToken.None);

        var summary = await world.Changes.DiffSummaryAsync(path, baseCommit, CancellationToken.None);

        var head = await WorktreeManagerTests.GitAsync(world, path, "rev-parse", "HEAD");
        var count = await WorktreeManagerTests.GitAsync(world, path, "rev-list", "--count", $"{baseCommit}..HEAD");
        var shortstat = await WorktreeManagerTests.GitAsync(world, path, "diff", "--shortstat", "--find-renames", baseCommit, "HEAD");
        Assert.That((summary.HeadCommit, summary.Commits, Stat(summary)), Is.EqualTo((head, int.Parse(count), shortstat)), change);
    }

    [Test]
    public async Task Should_commit_what_git_commit_would()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("rename-me.txt", "content\n");
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        const string message = "\n\n  Do the task  \n\n\n\nDetails\t \n# not a comment here\n\n";
        var ours = await WorktreeWithChangesAsync(world, mirror, baseCommit);
        var theirs = await WorktreeWithChangesAsync(world, mirror, baseCommit);

        var commit = await world.Changes.CommitAllAsync(ours, "Stamina Agent", "agent@example.com", message, CancellationToken.None);
        await WorktreeManagerTests.GitAsync(world, theirs, "add", "--all");
        await world.Git.RunAsync(theirs,
            ["-c", "user.name=Stamina Agent", "-c", "user.email=agent@example.com", "commit", "--quiet", "--cleanup=whitespace", "--file=-"],
            new GitRunOptions { StandardInput = message }, CancellationToken.None);

        const string format = "--format=%T%n%P%n%an <%ae>%n%cn <%ce>%n%B";
        var ourCommit = await WorktreeManagerTests.GitAsync(world, ours, "log", "-1", format);
        var theirCommit = await WorktreeManagerTests.GitAsync(world, theirs, "log", "-1", format);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(ourCommit, Is.EqualTo(theirCommit));
            Assert.That(await WorktreeManagerTests.GitAsync(world, ours, "rev-parse", "HEAD"), Is.EqualTo(commit));
            Assert.That(await WorktreeManagerTests.GitAsync(world, ours, "rev-parse", BranchOf(ours)), Is.EqualTo(commit), "the branch moved");
            Assert.That(await WorktreeManagerTests.GitAsync(world, ours, "status", "--porcelain"), Is.Empty);
            Assert.That(await WorktreeManagerTests.GitAsync(world, ours, "fsck", "--no-progress"), Is.Empty);
        });
    }

    [Test]
    public async Task Should_commit_on_a_detached_head()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, baseCommit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);
        var path = await WorktreeWithChangesAsync(world, mirror, baseCommit);
        await WorktreeManagerTests.GitAsync(world, path, "checkout", "--quiet", "--detach");

        var commit = await world.Changes.CommitAllAsync(path, "A", "a@example.com", "detached", CancellationToken.None);

        Assert.That(await WorktreeManagerTests.GitAsync(world, path, "rev-parse", "HEAD^"), Is.EqualTo(baseCommit));
        Assert.That(await WorktreeManagerTests.GitAsync(world, path, "rev-parse", "HEAD"), Is.EqualTo(commit));
    }

    static async Task<string> WorktreeWithChangesAsync(GitWorld world, string mirror, string baseCommit)
    {
        var itemId = Guid.NewGuid();
        var path = await world.Worktrees.CreateAsync(mirror, itemId, 1, baseCommit, BranchNames.ForAttempt("s", itemId, 1), CancellationToken.None);
        File.WriteAllText(Path.Combine(path, "a.txt"), "one\nagent\n");
        File.WriteAllText(Path.Combine(path, "new file ü.txt"), "x\n");
        Directory.CreateDirectory(Path.Combine(path, "src"));
        File.WriteAllBytes(Path.Combine(path, "src", "tool.bin"), [0, 1, 2, 3]);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(path, "src", "tool.bin"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(path, "link"), "a.txt");
        if (File.Exists(Path.Combine(path, "rename-me.txt")))
            File.Move(Path.Combine(path, "rename-me.txt"), Path.Combine(path, "renamed.txt"));
        return path;
    }

    static string BranchOf(string worktree) => "refs/heads/s/" + Path.GetFileName(worktree) + "/1";

    static void Apply(string worktree, string change)
    {
        string At(string name) => Path.Combine(worktree, name);
        switch (change)
        {
            case "text":
                File.WriteAllText(At("keep.txt"), "one\n2\nthree\nfour\n");
                break;
            case "binary":
                File.WriteAllText(At("picture.bin"), "\0\u0002new\0");
                File.WriteAllBytes(At("new.bin"), [0, 255, 0, 1]);
                break;
            case "rename":
                File.Move(At("rename-me.txt"), At("renamed.txt"));
                File.AppendAllText(At("renamed.txt"), "one more\n");
                break;
            case "deletion":
                File.Delete(At("delete-me.txt"));
                break;
            case "odd names":
                File.WriteAllText(At("with space.txt"), "a\n");
                File.WriteAllText(At("ünïcødé ✓.txt"), "b\nc\n");
                File.WriteAllText(At("new\nline.txt"), "d\n");
                File.WriteAllText(At("tab\tand \"quote\".txt"), "e\n");
                break;
            case "nothing":
                break;
            case "everything":
                foreach (var each in Changes.Where(c => c is not ("everything" or "nothing")))
                    Apply(worktree, each);
                break;
        }
    }

    /// <summary>The summary as <c>git diff --shortstat</c> prints it (empty for no change).</summary>
    static string Stat(DiffSummary summary)
    {
        if (summary.FilesChanged == 0)
            return "";
        var text = $"{summary.FilesChanged} file{(summary.FilesChanged == 1 ? "" : "s")} changed";
        if (summary.Insertions > 0 || summary.Deletions == 0)
            text += $", {summary.Insertions} insertion{(summary.Insertions == 1 ? "" : "s")}(+)";
        if (summary.Deletions > 0 || summary.Insertions == 0)
            text += $", {summary.Deletions} deletion{(summary.Deletions == 1 ? "" : "s")}(-)";
        return text;
    }
}
