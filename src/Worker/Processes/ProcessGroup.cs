using System.Runtime.InteropServices;

namespace Stamina.Worker.Processes;

/// <summary>
/// Signals the process group a child leads. The child was started through setsid, so its pid is also its
/// group id, and everything it spawns stays in that group unless it deliberately leaves it.
/// </summary>
static class ProcessGroup
{
    /// <summary>Sends <paramref name="signal"/> to every member; false when the group no longer exists.</summary>
    public static bool Signal(int groupId, int signal)
    {
        // kill(0, …) and kill(-1, …) mean "our own group" and "every process we may signal":
        // a bad id must never turn a cleanup into killing the worker or the machine.
        if (groupId <= 1)
            return false;
        if (NativeMethods.Kill(-groupId, signal) == 0)
            return true;
        // ESRCH: nobody left. EPERM would mean the id now names someone else's group: leave it alone.
        return false;
    }

    public static bool Exists(int groupId) =>
        groupId > 1 && (NativeMethods.Kill(-groupId, 0) == 0 || Marshal.GetLastPInvokeError() != NativeMethods.NoSuchProcess);
}
