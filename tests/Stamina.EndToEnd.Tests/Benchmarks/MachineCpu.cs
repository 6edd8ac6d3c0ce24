using System.Globalization;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>The machine's CPU counters (first line of /proc/stat), to tell how busy all cores were over a step.</summary>
sealed record MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user.
        var total = fields.Take(8).Sum();
        return new MachineCpu(total - fields[3] - fields[4], total);
    }

    /// <summary>The share of all cores' time that was busy since <paramref name="earlier"/>.</summary>
    public double BusyShareSince(MachineCpu earlier) =>
        Total == earlier.Total ? 0 : (double)(Busy - earlier.Busy) / (Total - earlier.Total);
}
