using System.Globalization;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>A process's CPU time and resident memory, read from <c>/proc</c> (Linux).</summary>
static class ProcessUsage
{
    // USER_HZ: 100 on every Linux the project runs on; /proc/PID/stat counts in it.
    const double TicksPerSecond = 100;

    /// <summary>User plus system CPU time used so far.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Resident set size in MiB (<c>VmRSS</c>).</summary>
    public static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The share of one core the process used over <paramref name="window"/>, and its memory at the end.</summary>
    public static async Task<(double CoreShare, double ResidentMegabytes)> MeasureAsync(int pid, TimeSpan window)
    {
        var before = CpuTime(pid);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(window);
        var used = CpuTime(pid) - before;
        return (used / started.Elapsed, ResidentMegabytes(pid));
    }
}
