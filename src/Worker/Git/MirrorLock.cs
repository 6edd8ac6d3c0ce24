using System.Diagnostics;

namespace Stamina.Worker.Git;

/// <summary>
/// An exclusive lock on one mirror, shared by every worker process using the same work directory. It is
/// an open <c>{mirror}.lock</c> with <see cref="FileShare.None"/>, which .NET implements on Linux with
/// flock(2): the kernel drops it when the process dies, so a crashed worker never leaves it held. The file
/// itself stays; deleting it would race with the next holder.
/// </summary>
sealed class MirrorLock : IDisposable
{
    // Holders keep it for a fetch or a worktree step (milliseconds on a warm mirror): a fixed 100 ms wait
    // cost more than the step itself, so the wait starts short and grows while the lock stays taken.
    static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(2);
    static readonly TimeSpan LongestRetryDelay = TimeSpan.FromMilliseconds(100);

    readonly FileStream file;

    MirrorLock(FileStream file) => this.file = file;

    /// <exception cref="TimeoutException">Another holder kept it longer than <paramref name="timeout"/>.</exception>
    public static async Task<MirrorLock> AcquireAsync(string mirror, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = mirror + ".lock";
        var waited = Stopwatch.StartNew();
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                return new MirrorLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path) && waited.Elapsed < timeout)
            {
                await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next((int)delay.TotalMilliseconds / 2 + 1)), cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            }
            catch (IOException e) when (File.Exists(path))
            {
                throw new TimeoutException($"Waited {timeout} for the lock on mirror '{mirror}': another worker still holds it.", e);
            }
        }
    }

    public void Dispose() => file.Dispose();
}
