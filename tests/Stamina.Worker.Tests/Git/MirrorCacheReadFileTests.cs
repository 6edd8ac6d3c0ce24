using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class MirrorCacheReadFileTests
{
    [Test]
    public async Task Should_read_the_file_as_it_is_in_the_given_commit()
    {
        using var world = await GitWorld.CreateAsync();
        var first = await world.Source.CommitAsync("tasks/fix login.md", "Fix the login — ünïcode ✓\n");
        var second = await world.Source.CommitAsync("tasks/fix login.md", "changed later\n");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        Assert.That(await ReadAsync(world, mirror, first, "tasks/fix login.md"), Is.EqualTo("Fix the login — ünïcode ✓\n"));
        Assert.That(await ReadAsync(world, mirror, second, "tasks/fix login.md"), Is.EqualTo("changed later\n"));
    }

    [Test]
    public async Task Should_allow_exactly_max_bytes_and_name_the_size_above()
    {
        using var world = await GitWorld.CreateAsync();
        var commit = await world.Source.CommitAsync("TASK.md", "héllo\n"); // 7 bytes in UTF-8
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        var exact = await world.Mirrors.ReadFileAsync(mirror, commit, "TASK.md", 7, CancellationToken.None);
        var error = Assert.ThrowsAsync<TaskFileException>(() => world.Mirrors.ReadFileAsync(mirror, commit, "TASK.md", 6, CancellationToken.None));

        Assert.That(exact, Is.EqualTo("héllo\n"));
        Assert.That(error!.Message, Does.Contain("'TASK.md' is 7 bytes").And.Contain("6 allowed"));
    }

    [Test]
    public async Task Should_read_a_file_of_the_largest_allowed_size_whole()
    {
        using var world = await GitWorld.CreateAsync();
        var content = string.Concat(Enumerable.Range(0, GitCommand.MaxCapturedOutputBytes / 8).Select(i => $"{i % 10000000,7}\n"));
        var commit = await world.Source.CommitAsync("big.md", content);
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        var read = await world.Mirrors.ReadFileAsync(mirror, commit, "big.md", GitCommand.MaxCapturedOutputBytes, CancellationToken.None);

        Assert.That(read.Length, Is.EqualTo(GitCommand.MaxCapturedOutputBytes));
        Assert.That(read, Is.EqualTo(content));
    }

    [Test]
    public async Task Should_name_the_path_and_commit_of_a_missing_file()
    {
        using var world = await GitWorld.CreateAsync();
        var before = await world.Source.CommitAsync("a.txt", "a\n");
        await world.Source.CommitAsync("TASK.md", "later\n");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        var error = Assert.ThrowsAsync<TaskFileNotFoundException>(() => world.Mirrors.ReadFileAsync(mirror, before, "TASK.md", 1000, CancellationToken.None));
        var spaced = Assert.ThrowsAsync<TaskFileNotFoundException>(() => world.Mirrors.ReadFileAsync(mirror, before, "no such file.md", 1000, CancellationToken.None));
        var underFile = Assert.ThrowsAsync<TaskFileNotFoundException>(() => world.Mirrors.ReadFileAsync(mirror, before, "a.txt/x", 1000, CancellationToken.None));
        var noCommit = Assert.ThrowsAsync<TaskFileNotFoundException>(() => world.Mirrors.ReadFileAsync(mirror, new string('b', 40), "a.txt", 1000, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'TASK.md'").And.Contain(before));
            Assert.That(error.Path, Is.EqualTo("TASK.md"));
            Assert.That(error.Commit, Is.EqualTo(before));
            Assert.That(spaced!.Path, Is.EqualTo("no such file.md"));
            Assert.That(underFile!.Path, Is.EqualTo("a.txt/x"));
            Assert.That(noCommit!.Commit, Is.EqualTo(new string('b', 40)));
        });
    }

    [Test]
    public async Task Should_refuse_a_folder_a_binary_file_and_links_out_of_the_repository()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("tasks/one.md", "one\n");
        await File.WriteAllBytesAsync(Path.Combine(world.Source.Path, "image.png"), [0x89, 0x50, 0x00, 0x47]);
        File.CreateSymbolicLink(Path.Combine(world.Source.Path, "inside.md"), "tasks/one.md");
        File.CreateSymbolicLink(Path.Combine(world.Source.Path, "outside.md"), "../../etc/passwd");
        File.CreateSymbolicLink(Path.Combine(world.Source.Path, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(world.Source.Path, "loop-b"), "loop-a");
        var commit = await world.Source.CommitAsync("z.txt", "z\n");
        var mirror = await world.Mirrors.EnsureFreshAsync(world.Address, CancellationToken.None);

        Task<string> Read(string path) => ReadAsync(world, mirror, commit, path);

        Assert.That(await Read("inside.md"), Is.EqualTo("one\n"), "a link inside the repository is followed");
        Assert.That(Assert.ThrowsAsync<TaskFileException>(() => Read("tasks"))!.Message, Does.Contain("'tasks' is a folder"));
        Assert.That(Assert.ThrowsAsync<TaskFileException>(() => Read("image.png"))!.Message, Does.Contain("binary"));
        Assert.That(Assert.ThrowsAsync<TaskFileException>(() => Read("outside.md"))!.Message, Does.Contain("symbolic link out of the repository"));
        Assert.That(Assert.ThrowsAsync<TaskFileException>(() => Read("loop-a"))!.Message, Does.Contain("loop"));
    }

    [Test]
    public async Task Should_reject_bad_arguments_before_running_git()
    {
        using var world = await GitWorld.CreateAsync();
        var (mirror, commit) = await WorktreeManagerTests.MirrorWithCommitAsync(world);

        var badPath = Assert.ThrowsAsync<ArgumentException>(() => world.Mirrors.ReadFileAsync(mirror, commit, "../a.txt", 100, CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Mirrors.ReadFileAsync(mirror, commit, "/a.txt", 100, CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Mirrors.ReadFileAsync(mirror, "main", "a.txt", 100, CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => world.Mirrors.ReadFileAsync(mirror, commit[..10], "a.txt", 100, CancellationToken.None));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => world.Mirrors.ReadFileAsync(mirror, commit, "a.txt", 0, CancellationToken.None));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => world.Mirrors.ReadFileAsync(mirror, commit, "a.txt", GitCommand.MaxCapturedOutputBytes + 1, CancellationToken.None));

        Assert.That(badPath!.Message, Does.StartWith("taskFile: "));
    }

    static Task<string> ReadAsync(GitWorld world, string mirror, string commit, string path) =>
        world.Mirrors.ReadFileAsync(mirror, commit, path, 10_000, CancellationToken.None);
}
