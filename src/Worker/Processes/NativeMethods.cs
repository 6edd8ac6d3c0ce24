using System.Runtime.InteropServices;

namespace Stamina.Worker.Processes;

/// <summary>The few libc calls .NET does not expose: signalling a whole process group and access(2).</summary>
static partial class NativeMethods
{
    internal const int SigKill = 9;
    internal const int SigTerm = 15;

    // Stop and continue differ between Linux and the BSDs (macOS).
    internal static int SigStop => OperatingSystem.IsLinux() ? 19 : 17;
    internal static int SigCont => OperatingSystem.IsLinux() ? 18 : 19;
    internal const int NoSuchProcess = 3; // ESRCH
    internal const int ExecuteAccess = 1; // X_OK
    internal const int WriteAccess = 2; // W_OK

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    internal static partial int GetProcessGroup(int pid);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MakeFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Access(string path, int mode);
}
