using System.Data.Common;
using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Items;

/// <summary>
/// Why each queued item is not running yet, from the same <see cref="HoldSet"/> the dispatcher and the claim use (read
/// fresh here, so the answer right after a pause says pause). In order: a hold covering it (pause, cap, breaker…), its
/// backoff (<c>not_before</c> ahead), its pool's live workers all off shift, else a free worker of its pool. Pending
/// items keep the reason the dependency logic gives; running and finished ones wait for nothing.
/// </summary>
public sealed class WaitingReasons(DispatchHolds holds, TimeProvider clock)
{
    const string LiveWorkers = """
        select pool, account, status, last_seen_at as LastSeenAt, interval_ms as IntervalMs from workers
        where stopped_at is null and last_seen_at >= @oldest
        """;

    public async Task<IReadOnlyList<ItemView>> FillAsync(DbConnection connection, IReadOnlyList<ItemView> items, CancellationToken cancellationToken)
    {
        if (!items.Any(i => i.State == "Queued"))
            return items;
        var now = clock.GetUtcNow();
        var set = await holds.ReadAsync(connection, now, cancellationToken);
        // Silent for three intervals is offline (as GET /api/workers says); intervals are seconds, a day bounds the read.
        var workers = (await connection.QueryAsync<LiveWorker>(new CommandDefinition(LiveWorkers, new { oldest = now.AddDays(-1) },
            cancellationToken: cancellationToken))).Where(w => now - w.LastSeenAt <= TimeSpan.FromMilliseconds(w.IntervalMs) * 3).ToList();
        // A limited worker's account may be held by a spend cap or a breaker: that is then the reason, not "a free worker".
        var accountHolds = new Dictionary<string, AccountHold>();
        foreach (var account in workers.Where(w => w.Status == Limited && w.Account is not null).Select(w => w.Account!).Distinct())
        {
            if (await holds.FindAccountHoldAsync(connection, null, account, now, cancellationToken) is { } accountHold)
                accountHolds[account] = accountHold;
        }

        return [.. items.Select(item => item.State == "Queued" ? item with { Waiting = For(item, set, workers, accountHolds, now) } : item)];
    }

    static WaitingReason For(ItemView item, HoldSet set, IReadOnlyList<LiveWorker> workers, Dictionary<string, AccountHold> accountHolds,
        DateTimeOffset now)
    {
        if (set.Covering(item.Pool, item.Repo, item.BatchId?.ToString()).FirstOrDefault() is { } hold)
            return hold.Reason;
        if (item.NotBefore is { } notBefore && notBefore > now)
            return new WaitingReason(WaitingKinds.Backoff, $"waiting before attempt {item.Attempt + 1} (retry backoff)", notBefore);
        var pool = workers.Where(w => w.Pool == item.Pool).ToList();
        if (pool.Count > 0 && pool.All(w => w.Status == OffShift))
            return new WaitingReason(WaitingKinds.Shift, $"every live worker of pool {item.Pool} is outside its shift window");
        if (pool.Count > 0 && pool.All(w => Unavailable.Contains(w.Status)))
        {
            var held = pool.Where(w => w.Account is not null && accountHolds.ContainsKey(w.Account)).Select(w => accountHolds[w.Account!]).ToList();
            return held.Count > 0 && pool.All(w => w.Status != Limited || (w.Account is not null && accountHolds.ContainsKey(w.Account)))
                ? held.OrderBy(h => h.Until).First().Reason with { Until = held.Min(h => h.Until) }
                : new WaitingReason(WaitingKinds.Worker, $"every live worker of pool {item.Pool} is limited, paused, drained or off shift (stamina workers)");
        }
        return new WaitingReason(WaitingKinds.Worker, pool.Count == 0
            ? $"no live worker in pool {item.Pool}"
            : $"waiting for a free worker of pool {item.Pool}");
    }

    /// <summary>The workers' status for <c>WorkerStatus.OffShift</c>, as heartbeats store it.</summary>
    static readonly string OffShift = WorkerStatusNames.Of(WorkerStatus.OffShift);

    static readonly string Limited = WorkerStatusNames.Of(WorkerStatus.Limited);

    /// <summary>Statuses of a live worker that takes no new item now.</summary>
    static readonly HashSet<string> Unavailable =
        [OffShift, Limited, WorkerStatusNames.Of(WorkerStatus.Paused), WorkerStatusNames.Of(WorkerStatus.Drained)];

    sealed record LiveWorker
    {
        public string Pool { get; init; } = "";
        public string? Account { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset LastSeenAt { get; init; }
        public int IntervalMs { get; init; }
    }
}
