using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Stamina.Coordinator.Telemetry;

/// <summary>The label sets a gauge has reported: one that drops out of the snapshot reads 0 from then on.</summary>
sealed class SeenSeries(string[] labelNames)
{
    /// <summary>Labels come from the database (pools, accounts, harnesses): bounded, but capped all the same.</summary>
    const int MaxSeries = 10_000;

    readonly ConcurrentDictionary<string, string[]> seen = new();

    public IEnumerable<Measurement<long>> Read(IEnumerable<FleetSnapshot.Row> rows)
    {
        var current = new Dictionary<string, long>();
        foreach (var row in rows)
        {
            var key = string.Join('\u001f', row.Labels);
            current[key] = row.Count;
            if (seen.Count < MaxSeries)
                seen.TryAdd(key, row.Labels);
        }
        foreach (var (key, labels) in seen)
            yield return new Measurement<long>(current.GetValueOrDefault(key), labels.Select((value, i) => CoordinatorMetrics.Tag(labelNames[i], value)));
    }
}
