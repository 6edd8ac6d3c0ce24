using System.Runtime.InteropServices;

namespace Stamina.Testing;

/// <summary>POSIX signals for the failure tests: kill -9, stop and continue a process.</summary>
public static partial class Signals
{
    public const int Kill = 9;
    public const int Terminate = 15;
    public const int Stop = 19;
    public const int Continue = 18;

    public static void Send(int pid, int signal)
    {
        if (pid <= 1 || SendSignal(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Running or stopped; a zombie (dead, waiting for a parent that may never reap it) counts as gone.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 1 || SendSignal(pid, 0) != 0)
            return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
