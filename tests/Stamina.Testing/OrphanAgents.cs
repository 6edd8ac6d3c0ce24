using System.Diagnostics;

namespace Stamina.Testing;

/// <summary>
/// Fake agents left running by a process the test killed hard (SIGKILL leaves children behind). A restarted
/// process ends its own; after the last one, the test ends the rest at clean-up.
/// </summary>
public static class OrphanAgents
{
    /// <summary>Kills every fake agent whose working directory is under <paramref name="root"/>.</summary>
    public static void KillUnder(string root)
    {
        foreach (var agent in Process.GetProcessesByName("stamina-fake-agent"))
        {
            using (agent)
            {
                if (WorkingDirectoryOf(agent.Id).StartsWith(root, StringComparison.Ordinal))
                    agent.Kill(entireProcessTree: true);
            }
        }
    }

    static string WorkingDirectoryOf(int pid)
    {
        try
        {
            return Directory.ResolveLinkTarget($"/proc/{pid}/cwd", returnFinalTarget: false)?.FullName ?? "";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
