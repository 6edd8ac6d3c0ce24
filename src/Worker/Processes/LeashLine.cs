using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Stamina.Worker.Processes;

/// <summary>
/// The worker's end of a <see cref="ProcessLeash"/>: a FIFO it opens read-write (so opening never waits for the
/// watcher), ticks while the command may go on, and holds open until the command has exited: when this process
/// dies the kernel closes it, and the watcher reads end of file and kills the group.
/// </summary>
public sealed class LeashLine : IDisposable
{
    static readonly byte[] TickBytes = "\n"u8.ToArray();

    readonly FileStream fifo;

    LeashLine(ProcessLeash leash, FileStream fifo)
    {
        Leash = leash;
        this.fifo = fifo;
    }

    public ProcessLeash Leash { get; }

    /// <summary>Makes the FIFO (mode 0600) and opens it.</summary>
    public static LeashLine Create(string directory, TimeSpan timeout)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.leash");
        if (NativeMethods.MakeFifo(path, Convert.ToUInt32("600", 8)) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"mkfifo {path}");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        return new LeashLine(new ProcessLeash(path, timeout), new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0));
    }

    /// <summary>One tick: the command may go on for another timeout.</summary>
    public void Tick()
    {
        try
        {
            fifo.Write(TickBytes);
        }
        catch (IOException)
        {
            // The watcher is gone with its command; nothing is left to tie.
        }
    }

    /// <summary>True while the watcher's group is (or is about to be) stopped for lack of ticks.</summary>
    public bool StoppedForLackOfTicks => File.Exists(Leash.StoppedMarkPath);

    public void Dispose()
    {
        fifo.Dispose();
        File.Delete(Leash.FifoPath);
        File.Delete(Leash.StoppedMarkPath);
    }
}
