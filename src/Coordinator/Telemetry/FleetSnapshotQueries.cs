using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Workers;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Telemetry;

/// <summary>
/// The few grouped queries behind the gauges, the same on PostgreSQL and SQLite. Each is answered from an index
/// or a small table (workers, accounts, running attempts), so a snapshot every few seconds costs little.
/// </summary>
public sealed class FleetSnapshotQueries(StaminaDatabase database, WorkerQueries workers, TimeProvider clock)
{
    /// <remarks>A missing account or harness reads "none": Prometheus takes an empty label value for a missing label.</remarks>
    public async Task<FleetSnapshot> TakeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var items = await connection.QueryAsync<CountRow>(new CommandDefinition(
            "select pool as Pool, state as A, count(*) as Count from work_items group by pool, state", cancellationToken: cancellationToken));
        // Backoff and not-before times are not waiting in the queue: an item counts from when it could be claimed.
        var oldest = await connection.QueryAsync<OldestRow>(new CommandDefinition("""
            select pool as Pool, min(coalesce(not_before, updated_at)) as Since from work_items
            where state = @queued and (not_before is null or not_before <= @now) group by pool
            """, new { queued = WorkItemStates.Queued, now }, cancellationToken: cancellationToken));
        var accounts = await connection.QueryAsync<AccountRow>(new CommandDefinition(
            "select name as Name, limited_until as LimitedUntil from accounts", cancellationToken: cancellationToken));
        var running = await connection.QueryAsync<CountRow>(new CommandDefinition("""
            select w.pool as Pool, coalesce(a.account, @none) as A, coalesce(s.harness, @none) as B, count(*) as Count
            from work_items w
            join attempts a on a.item_id = w.id and a.number = w.attempt
            left join work_item_specs s on s.item_id = w.id
            where w.state = @running
            group by w.pool, a.account, s.harness
            """, new { running = WorkItemStates.Running, none = Outcomes.None }, cancellationToken: cancellationToken));
        var fleet = await workers.ListAsync(cancellationToken);

        return new FleetSnapshot
        {
            TakenAt = now,
            Items = [.. items.Select(r => new FleetSnapshot.Row([r.Pool, r.A], r.Count))],
            OldestQueued = [.. oldest.Select(r => (r.Pool, r.Since))],
            Workers = [.. fleet.GroupBy(w => (w.Pool, Account: w.Account ?? Outcomes.None, w.State))
                .Select(g => new FleetSnapshot.Row([g.Key.Pool, g.Key.Account, g.Key.State], g.LongCount()))],
            Accounts = [.. accounts.Select(r => (r.Name, r.LimitedUntil))],
            RunningAttempts = [.. running.Select(r => new FleetSnapshot.Row([r.Pool, r.A, r.B], r.Count))],
        };
    }

    sealed record CountRow
    {
        public string Pool { get; init; } = "";
        public string A { get; init; } = "";
        public string B { get; init; } = "";
        public long Count { get; init; }
    }

    sealed record OldestRow
    {
        public string Pool { get; init; } = "";
        public DateTimeOffset Since { get; init; }
    }

    sealed record AccountRow
    {
        public string Name { get; init; } = "";
        public DateTimeOffset? LimitedUntil { get; init; }
    }
}
