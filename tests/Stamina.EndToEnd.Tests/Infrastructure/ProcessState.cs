namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>What /proc says of a process.</summary>
static class ProcessState
{
    /// <summary>State 'T': stopped by a signal.</summary>
    public static bool IsStopped(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'T';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
