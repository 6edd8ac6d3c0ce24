using System.Globalization;

namespace Stamina.EndToEnd.Tests.Chaos;

/// <summary>
/// The commands' own history: every item's command appends "epoch-ms item attempt pid" about five times a second
/// while it works. A stopped or dead command writes nothing, so the ticks show when each run really worked; runs are
/// told apart by process, so two runs under one token would show as well as two attempts.
/// </summary>
sealed class TickHistory(IReadOnlyDictionary<(Guid Item, int Attempt, int Process), List<long>> ticks)
{
    /// <summary>Ticks further apart than this are two stretches of work, not one.</summary>
    static readonly long Gap = 1000;

    public static TickHistory Read(string path)
    {
        var ticks = new Dictionary<(Guid, int, int), List<long>>();
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var parts = line.Split(' ');
                if (parts.Length < 4 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var at)
                    || !Guid.TryParse(parts[1], out var item) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var attempt)
                    || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out var process))
                {
                    continue; // a line torn by a kill: it says nothing
                }

                if (!ticks.TryGetValue((item, attempt, process), out var list))
                    ticks[(item, attempt, process)] = list = [];
                list.Add(at);
            }
        }
        return new TickHistory(ticks);
    }

    /// <summary>Items whose command ran more than once (another attempt, or another process).</summary>
    public int ReExecutedItems => ticks.Keys.GroupBy(k => k.Item).Count(g => g.Count() > 1);

    /// <summary>For each item, the longest time two of its runs were both working.</summary>
    public IReadOnlyDictionary<Guid, TimeSpan> Overlaps()
    {
        var overlaps = new Dictionary<Guid, TimeSpan>();
        foreach (var item in ticks.Keys.GroupBy(k => k.Item))
        {
            var stretches = item.Select(k => Stretches(ticks[k])).ToList();
            var longest = 0L;
            for (var a = 0; a < stretches.Count; a++)
            {
                var first = stretches[a];
                for (var b = a + 1; b < stretches.Count; b++)
                {
                    var second = stretches[b];
                    foreach (var (s1, e1) in first)
                    {
                        foreach (var (s2, e2) in second)
                            longest = Math.Max(longest, Math.Min(e1, e2) - Math.Max(s1, s2));
                    }
                }
            }
            overlaps[item.Key] = TimeSpan.FromMilliseconds(Math.Max(0, longest));
        }
        return overlaps;
    }

    static List<(long Start, long End)> Stretches(List<long> times)
    {
        times.Sort();
        var stretches = new List<(long, long)>();
        var start = times[0];
        var end = times[0];
        foreach (var time in times.Skip(1))
        {
            if (time - end > Gap)
            {
                stretches.Add((start, end));
                start = time;
            }
            end = time;
        }
        stretches.Add((start, end));
        return stretches;
    }
}
