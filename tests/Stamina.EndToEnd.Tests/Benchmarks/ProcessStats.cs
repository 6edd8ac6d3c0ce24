using System.Globalization;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>A process's CPU time and resident memory, read from /proc.</summary>
static class ProcessStats
{
    // USER_HZ: the unit of /proc's CPU times, 100 on every Linux this runs on.
    const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds used so far.</summary>
    public static double CpuSeconds(int pid) => Ticks(pid, 11, 12) / TicksPerSecond;

    /// <summary>
    /// <see cref="CpuSeconds"/> plus that of the child processes it has waited for (its git and command processes),
    /// the whole CPU cost of a worker.
    /// </summary>
    public static double CpuSecondsWithChildren(int pid) => Ticks(pid, 11, 12, 13, 14) / TicksPerSecond;

    // Fields after the command's closing parenthesis, from the state (field 3): utime is field 14, stime 15,
    // cutime 16, cstime 17.
    static long Ticks(int pid, params int[] indexes)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return indexes.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
    }

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
