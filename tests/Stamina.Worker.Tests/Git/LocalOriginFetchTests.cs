using Microsoft.Extensions.Time.Testing;
using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

/// <summary>
/// A repository on this machine is compared with its mirror in process: the fetch runs only when it would change
/// something, and then it does, exactly as before. Every git process the mirror starts is logged by a wrapper.
/// </summary>
[TestFixture]
public sealed class LocalOriginFetchTests
{
    [Test]
    public async Task Should_not_start_a_fetch_when_the_origin_has_nothing_new()
    {
        using var world = await GitWorld.CreateAsync();
        var base1 = await world.Source.CommitAsync("a.txt", "one\n");
        await world.Source.GitAsync("tag", "-a", "v1", "-m", "release");
        var (mirrors, log) = Logged(world);
        var mirror = await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        // Attempt branches are left out of the fetch: one pushed since changes nothing a fetch would take.
        await world.Source.GitAsync("branch", "stamina/0123/1", base1);
        File.Delete(log);

        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);

        Assert.That(File.Exists(log) ? File.ReadAllLines(log) : [], Is.Empty, "no git process at all");
        Assert.That(await mirrors.ResolveCommitAsync(mirror, "main", CancellationToken.None), Is.EqualTo(base1));
    }

    [Test]
    public async Task Should_read_packed_refs_on_both_sides_and_never_open_an_attempt_branch()
    {
        using var world = await GitWorld.CreateAsync();
        var first = await world.Source.CommitAsync("a.txt", "one\n");
        await world.Source.GitAsync("tag", "-a", "v1", "-m", "release");
        await world.Source.GitAsync("branch", "feature");
        var (mirrors, log) = Logged(world);
        var mirror = await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        await world.Source.GitAsync("pack-refs", "--all");
        await WorktreeManagerTests.GitAsync(world, mirror, "pack-refs", "--all");
        // A night's attempt branches are left unread: even one git itself could not read changes nothing.
        Directory.CreateDirectory(Path.Combine(world.Source.Path, ".git", "refs", "heads", "stamina", "0123"));
        File.WriteAllText(Path.Combine(world.Source.Path, ".git", "refs", "heads", "stamina", "0123", "1"), "not an object id\n");
        File.Delete(log);

        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        Assert.That(File.Exists(log) ? File.ReadAllLines(log) : [], Is.Empty, "no git process: packed refs read alike");

        // A loose ref overrides its packed value, as in git.
        var second = await world.Source.CommitAsync("b.txt", "two\n");
        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        Assert.That(File.ReadAllLines(log).Count(line => line.Contains("fetch", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(await mirrors.ResolveCommitAsync(mirror, "main", CancellationToken.None), Is.EqualTo(second));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task Should_compare_loose_branches_in_nested_folders_and_fetch_when_a_deep_one_moves()
    {
        using var world = await GitWorld.CreateAsync();
        var first = await world.Source.CommitAsync("a.txt", "one\n");
        for (var i = 0; i < 12; i++)
            await world.Source.GitAsync("branch", $"team/{i % 3}/feature-{i}");
        var (mirrors, log) = Logged(world);
        var mirror = await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        File.Delete(log);

        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        Assert.That(File.Exists(log) ? File.ReadAllLines(log) : [], Is.Empty, "loose refs in nested folders read alike on both sides");

        var second = await world.Source.CommitAsync("b.txt", "two\n");
        await world.Source.GitAsync("update-ref", "refs/heads/team/2/feature-11", second);
        await world.Source.GitAsync("reset", "--quiet", "--hard", first);
        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        Assert.That(File.ReadAllLines(log).Count(line => line.Contains("fetch", StringComparison.Ordinal)), Is.EqualTo(1), "one deep branch moved");
        Assert.That(await WorktreeManagerTests.GitAsync(world, mirror, "rev-parse", "refs/remotes/origin/team/2/feature-11"), Does.StartWith(second));
    }

    [TestCase("", TestName = "an empty ref file")]
    [TestCase("0123456789012345678901234567890123456789\n0123456789012345678901234567890123456789\n", TestName = "a ref file longer than any object id")]
    [TestCase("01234567890123456789012345678901234567zz\n", TestName = "a ref file with a character that is not hex")]
    [TestCase("0123456789012345678901234567890123456789\r\n", TestName = "a ref file ending in CRLF")]
    public async Task Should_leave_an_odd_loose_ref_to_the_fetch(string content)
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        var (mirrors, log) = Logged(world);
        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        File.WriteAllText(Path.Combine(world.Source.Path, ".git", "refs", "tags", "odd"), content);
        File.Delete(log);

        // git refuses or ignores such a ref as it likes; either way it decides, not a guess read from the file.
        try
        {
            await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        }
        catch (GitCommandException)
        {
            // git's own verdict on a broken ref.
        }
        Assert.That(File.ReadAllLines(log).Count(line => line.Contains("fetch", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [TestCase("a commit on main")]
    [TestCase("a new branch")]
    [TestCase("a deleted branch")]
    [TestCase("a new tag")]
    [TestCase("a moved tag")]
    [TestCase("a deleted tag")]
    [TestCase("a symbolic branch")]
    public async Task Should_fetch_when_the_origin_changed(string change)
    {
        using var world = await GitWorld.CreateAsync();
        var first = await world.Source.CommitAsync("a.txt", "one\n");
        await world.Source.GitAsync("branch", "feature");
        await world.Source.GitAsync("tag", "v1");
        var (mirrors, log) = Logged(world);
        var mirror = await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        var second = await world.Source.CommitAsync("b.txt", "two\n");
        await world.Source.GitAsync("reset", "--quiet", "--hard", first);
        var expected = change switch
        {
            "a commit on main" => await world.Source.CommitAsync("a.txt", "changed\n"),
            "a new branch" => await world.Source.GitAsync("branch", "other", second),
            "a deleted branch" => await world.Source.GitAsync("branch", "-D", "feature"),
            "a new tag" => await world.Source.GitAsync("tag", "v2", second),
            "a moved tag" => await world.Source.GitAsync("tag", "-f", "v1", second),
            "a deleted tag" => await world.Source.GitAsync("tag", "-d", "v1"),
            _ => await world.Source.GitAsync("symbolic-ref", "refs/heads/alias", "refs/heads/main"),
        };
        File.Delete(log);

        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);

        Assert.That(File.ReadAllLines(log).Count(line => line.StartsWith("fetch", StringComparison.Ordinal) || line.Contains(" fetch ", StringComparison.Ordinal)),
            Is.EqualTo(1), $"{change}: one fetch ({expected})");
        var tracked = await WorktreeManagerTests.GitAsync(world, mirror, "for-each-ref", "--format=%(refname) %(objectname)", "refs/remotes/origin", "refs/tags");
        var origin = await world.Source.GitAsync("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags");
        Assert.That(Normalize(tracked), Is.EqualTo(Normalize(origin)), "the mirror holds what the origin holds");
    }

    [Test]
    public async Task Should_fetch_and_fail_as_before_when_the_origin_cannot_be_read()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        var (mirrors, _) = Logged(world);
        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        Directory.Delete(Path.Combine(world.Source.Path, ".git"), recursive: true);

        Assert.ThrowsAsync<GitCommandException>(() => mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None));
    }

    /// <summary>A mirror cache whose git logs every call (its arguments after git's own hardening options) to a file.</summary>
    static (MirrorCache Mirrors, string Log) Logged(GitWorld world)
    {
        var log = world.Combine("git-calls.log");
        var wrapper = world.Combine("logging-git");
        File.WriteAllText(wrapper, $"#!/bin/sh\necho \"$*\" >> '{log}'\nexec git \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // A frozen clock: no fetch is skipped for being recent.
        return (new MirrorCache(world.WorkDir, new GitCommand(wrapper, TimeSpan.FromMinutes(1)), clock: new FakeTimeProvider(DateTimeOffset.UtcNow)), log);
    }

    /// <summary>Origin branches named as the mirror tracks them, without the symbolic alias (git fetches it as a branch of its own).</summary>
    static string[] Normalize(string refs) =>
        [.. refs.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Replace("refs/heads/", "refs/remotes/origin/", StringComparison.Ordinal))
            .Where(line => !line.StartsWith("refs/remotes/origin/HEAD ", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
}
