using Stamina.Testing;
using Stamina.Worker.Git;
using Stamina.Worker.Processes;
using Stamina.Worker.Tests.Processes;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class MirrorLockTests
{
    [Test]
    public async Task Should_exclude_a_second_holder_in_the_same_process_until_released()
    {
        using var scratch = new ScratchDirectory();
        var mirror = scratch.Combine("m.git");

        using (await MirrorLock.AcquireAsync(mirror, TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            Assert.ThrowsAsync<TimeoutException>(() => MirrorLock.AcquireAsync(mirror, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        }

        using var again = await MirrorLock.AcquireAsync(mirror, TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    [Test]
    public async Task Should_exclude_another_process_and_be_freed_when_it_dies()
    {
        using var scratch = new ScratchDirectory();
        var mirror = scratch.Combine("m.git");
        // util-linux flock(1) takes the same flock(2) lock .NET takes for FileShare.None.
        await using var holder = ChildProcess.Start(new ChildProcessOptions
        {
            Command = ["flock", "--exclusive", mirror + ".lock", "sleep", "300"],
            WorkingDirectory = scratch.Path,
        });
        await Eventually.UntilAsync(() => ProcessTable.MembersOf(holder.Id).Count == 2, TimeSpan.FromSeconds(15), "flock holds the lock and runs sleep");

        Assert.ThrowsAsync<TimeoutException>(() => MirrorLock.AcquireAsync(mirror, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        var waiting = MirrorLock.AcquireAsync(mirror, TimeSpan.FromSeconds(30), CancellationToken.None);
        holder.Kill();

        using var acquired = await waiting;
    }
}
