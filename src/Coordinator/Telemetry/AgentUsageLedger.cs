using System.Collections.Concurrent;

namespace Stamina.Coordinator.Telemetry;

/// <summary>
/// What has been counted into the token and cost counters for each attempt, so progress is counted live and only
/// once. Reports are cumulative: each one counts only what it adds over the larger of what this process counted
/// and what the database stored before it (a restarted coordinator starts from the stored figures, and a saga
/// transaction that rolled back after counting does not count again on its retry). Order does not matter: a
/// completion after a heartbeat counts the rest, a late smaller report counts nothing.
/// </summary>
public sealed class AgentUsageLedger(TimeProvider clock)
{
    /// <summary>An attempt not heard of for this long has ended; forgetting it bounds the memory.</summary>
    static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(6);

    readonly ConcurrentDictionary<(Guid Item, int Attempt), Entry> counted = new();
    DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <param name="stored">The attempt's usage as the database held it before this report.</param>
    /// <param name="reported">The cumulative usage the report carries.</param>
    /// <returns>What to add to the counters now.</returns>
    public AgentUsage Count(Guid item, int attempt, AgentUsage stored, AgentUsage reported)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        AgentUsage delta = AgentUsage.Zero;
        counted.AddOrUpdate((item, attempt),
            _ => Advance(AgentUsage.Zero),
            (_, entry) => Advance(entry.Usage));
        return delta;

        Entry Advance(AgentUsage before)
        {
            var baseline = before.Max(stored);
            delta = reported.Above(baseline);
            return new Entry(baseline.Max(reported), now);
        }
    }

    /// <summary>How many attempts the ledger remembers.</summary>
    public int Remembered => counted.Count;

    void Sweep(DateTimeOffset now)
    {
        if (now < nextSweep)
            return;
        nextSweep = now + TimeSpan.FromMinutes(10);
        foreach (var (key, entry) in counted)
        {
            if (now - entry.At > ForgetAfter)
                counted.TryRemove(key, out _);
        }
    }

    sealed record Entry(AgentUsage Usage, DateTimeOffset At);
}
