using System.Diagnostics.Metrics;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Telemetry;

/// <summary>
/// The gauges of the coordinator's meter, read from the last <see cref="FleetSnapshot"/> (never from the database at
/// scrape time). A series that was reported once and is gone from the snapshot reads 0, so a drained queue or a worker
/// that changed state shows as 0 rather than keeping its last value.
/// </summary>
public sealed class FleetGauges
{
    // Replaced whole by the snapshot service, read by the exporter's thread.
    volatile FleetSnapshot snapshot = FleetSnapshot.Empty;
    readonly SeenSeries items = new(["pool", "state"]);
    readonly SeenSeries workers = new(["pool", "account", "state"]);
    readonly SeenSeries running = new(["pool", "account", "harness"]);
    readonly SeenSeries oldest = new(["pool"]);
    readonly SeenSeries limited = new(["account"]);

    public FleetGauges(IMeterFactory meters)
    {
        var meter = meters.Create(CoordinatorMetrics.MeterName);
        meter.CreateObservableGauge("stamina.items", () => items.Read(ItemRows()), description: "Work items by pool and state");
        meter.CreateObservableGauge("stamina.queue.oldest_age", () => oldest.Read(OldestRows()), "s",
            "Age of the oldest queued item that could be claimed, per pool (0 when none waits)");
        meter.CreateObservableGauge("stamina.workers", () => workers.Read(snapshot.Workers), description: "Workers by pool, account and state");
        meter.CreateObservableGauge("stamina.account.limited", () => limited.Read(LimitedRows()),
            description: "1 while the account rests after a usage limit, else 0");
        meter.CreateObservableGauge("stamina.account.limited_until_timestamp", LimitedUntil, "s",
            "When the account's usage limit resets, in Unix seconds (only while it rests)");
        meter.CreateObservableGauge("stamina.attempts.running", () => running.Read(snapshot.RunningAttempts),
            description: "Running attempts by pool, account and harness");
    }

    public void Show(FleetSnapshot next) => snapshot = next;

    /// <summary>Every state of every pool, so each state has a series from the start.</summary>
    IEnumerable<FleetSnapshot.Row> ItemRows()
    {
        var current = snapshot.Items; // one snapshot for the whole read, though the next may land meanwhile
        foreach (var pool in current.Select(r => r.Labels[0]).Distinct())
        {
            foreach (var state in WorkItemStates.All)
                yield return new([pool, state], current.Where(r => r.Labels[0] == pool && r.Labels[1] == state).Sum(r => r.Count));
        }
    }

    /// <summary>Every pool with items: 0 when nothing waits, so an alert on the age has a series to read.</summary>
    IEnumerable<FleetSnapshot.Row> OldestRows()
    {
        var current = snapshot;
        var waiting = current.OldestQueued.ToDictionary(o => o.Pool, o => o.Since);
        return current.Items.Select(r => r.Labels[0]).Concat(waiting.Keys).Distinct().Select(pool => new FleetSnapshot.Row([pool],
            waiting.TryGetValue(pool, out var since) ? (long)Math.Max(0, (current.TakenAt - since).TotalSeconds) : 0));
    }

    IEnumerable<FleetSnapshot.Row> LimitedRows() => snapshot.Accounts.Select(a =>
        new FleetSnapshot.Row([a.Account], a.LimitedUntil > snapshot.TakenAt ? 1 : 0));

    IEnumerable<Measurement<double>> LimitedUntil() => snapshot.Accounts
        .Where(a => a.LimitedUntil > snapshot.TakenAt)
        .Select(a => new Measurement<double>(a.LimitedUntil!.Value.ToUnixTimeMilliseconds() / 1000.0, CoordinatorMetrics.Tag("account", a.Account)));
}
