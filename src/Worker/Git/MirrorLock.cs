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
    static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    readonly FileStream file;

    MirrorLock(FileStream file) => this.file = file;

    /// <exception cref="TimeoutException">Another holder kept it longer than <paramref name="timeout"/>.</exception>
    public static async Task<MirrorLock> AcquireAsync(string mirror, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = mirror + ".lock";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new MirrorLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path) && waited.Elapsed < timeout)
            {
                await Task.Delay(RetryDelay + TimeSpan.FromMilliseconds(Random.Shared.Next(50)), cancellationToken);
            }
            catch (IOException e) when (File.Exists(path))
            {
                throw new TimeoutException($"Waited {timeout} for the lock on mirror '{mirror}': another worker still holds it.", e);
            }
        }
    }

    public void Dispose() => file.Dispose();
}
