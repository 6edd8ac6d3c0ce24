using Microsoft.Extensions.Time.Testing;
using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

/// <summary>When a mirror may skip its fetch, and that a stale one never does.</summary>
[TestFixture]
public sealed class MirrorFreshnessTests
{
    [Test]
    public async Task Should_see_a_commit_pushed_after_a_warm_fetch_without_a_freshness_window()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        // A frozen clock: only the missing window can make the second call fetch.
        var mirrors = new MirrorCache(world.WorkDir, world.Git, clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        var pushed = await world.Source.CommitAsync("a.txt", "two\n");

        var mirror = await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);

        Assert.That(await mirrors.ResolveCommitAsync(mirror, "main", CancellationToken.None), Is.EqualTo(pushed));
    }

    [Test]
    public async Task Should_fetch_again_once_the_freshness_window_has_passed()
    {
        using var world = await GitWorld.CreateAsync();
        var first = await world.Source.CommitAsync("a.txt", "one\n");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var mirrors = new MirrorCache(world.WorkDir, world.Git, freshFor: TimeSpan.FromSeconds(5), clock: clock);
        var mirror = await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        var pushed = await world.Source.CommitAsync("a.txt", "two\n");

        clock.Advance(TimeSpan.FromSeconds(4));
        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        var withinWindow = await mirrors.ResolveCommitAsync(mirror, "main", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        var afterWindow = await mirrors.ResolveCommitAsync(mirror, "main", CancellationToken.None);

        Assert.That(withinWindow, Is.EqualTo(first), "within the window the fetch is skipped");
        Assert.That(afterWindow, Is.EqualTo(pushed), "a stale mirror fetches");
    }

    [Test]
    public async Task Should_not_fetch_for_a_commit_the_mirror_holds()
    {
        using var world = await GitWorld.CreateAsync();
        var pinned = await world.Source.CommitAsync("a.txt", "one\n");
        var mirrors = new MirrorCache(world.WorkDir, world.Git, clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
        // An origin that cannot be reached: any fetch now fails.
        Directory.Move(world.Source.Path, world.Source.Path + ".away");

        var mirror = await mirrors.EnsureFreshAsync(world.Address, pinned, CancellationToken.None);

        Assert.That(await mirrors.ResolveCommitAsync(mirror, pinned, CancellationToken.None), Is.EqualTo(pinned));
        Assert.ThrowsAsync<GitCommandException>(() => mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None),
            "a branch still fetches");
        Assert.ThrowsAsync<GitCommandException>(() => mirrors.EnsureFreshAsync(world.Address, new string('a', 40), CancellationToken.None),
            "a commit the mirror lacks still fetches");
    }

    [Test]
    public async Task Should_take_a_fetch_that_started_after_it_asked_as_its_own()
    {
        using var world = await GitWorld.CreateAsync();
        await world.Source.CommitAsync("a.txt", "one\n");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var mirrors = new MirrorCache(world.WorkDir, world.Git, clock: clock);
        var mirror = await mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);

        Task<string> waiting;
        using (await MirrorLock.AcquireAsync(mirror, TimeSpan.FromMinutes(1), CancellationToken.None))
        {
            // This call asks now and waits for the lock, held by another attempt that fetches meanwhile: its fetch
            // starts later, and stamps the mirror so. The origin is then out of reach, so only a skip succeeds.
            waiting = mirrors.EnsureFreshAsync(world.Address, "main", CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            File.WriteAllText(Path.Combine(mirror, MirrorCache.FetchStampFile), clock.GetUtcNow().ToString("O"));
            Directory.Move(world.Source.Path, world.Source.Path + ".away");
        }

        Assert.That(await waiting, Is.EqualTo(mirror));
    }
}
