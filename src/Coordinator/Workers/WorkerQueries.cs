using Dapper;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Workers;

public sealed class WorkerQueries(StaminaDatabase database, TimeProvider clock)
{
    public async Task<IReadOnlyList<WorkerView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WorkerRow>(new CommandDefinition("""
            select name, machine, pool, account, status, current_item as CurrentItem, current_attempt as CurrentAttempt,
                version, started_at as StartedAt, last_seen_at as LastSeenAt, interval_ms as IntervalMs, stopped_at as StoppedAt,
                limited_until as LimitedUntil, attention, drained_at as DrainedAt
            from workers order by pool, name
            """, cancellationToken: cancellationToken));
        var now = clock.GetUtcNow();
        return [.. rows.Select(row => row.ToView(now))];
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from workers where name = @name)", new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>Records or clears an operator's drain; false when no worker of the name was ever seen.</summary>
    public async Task<bool> SetDrainAsync(string name, bool drain, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update workers set drained_at = case when @drain then coalesce(drained_at, @now) else null end where name = @name",
            new { name, drain, now = clock.GetUtcNow() }, cancellationToken: cancellationToken)) > 0;
    }

    sealed record WorkerRow
    {
        public string Name { get; init; } = "";
        public string Machine { get; init; } = "";
        public string Pool { get; init; } = "";
        public string? Account { get; init; }
        public string Status { get; init; } = "";
        public Guid? CurrentItem { get; init; }
        public int? CurrentAttempt { get; init; }
        public string Version { get; init; } = "";
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset LastSeenAt { get; init; }
        public int IntervalMs { get; init; }
        public DateTimeOffset? StoppedAt { get; init; }
        public DateTimeOffset? LimitedUntil { get; init; }
        public string? Attention { get; init; }
        public DateTimeOffset? DrainedAt { get; init; }

        public WorkerView ToView(DateTimeOffset now)
        {
            var silent = now - LastSeenAt > TimeSpan.FromMilliseconds(IntervalMs) * 3;
            var offline = StoppedAt is not null || silent;
            // The record decides before the worker's next heartbeat says so: drained when idle, draining while it finishes.
            var state = offline ? "offline"
                : DrainedAt is not null && Status is "idle" or "busy" or "off-shift" ? (CurrentItem is null ? "drained" : "draining")
                : Status;
            return new WorkerView
            {
                Name = Name,
                Machine = Machine,
                Pool = Pool,
                Account = Account,
                State = state,
                CurrentItem = offline ? null : CurrentItem,
                CurrentAttempt = offline ? null : CurrentAttempt,
                Version = Version,
                StartedAt = StartedAt,
                LastSeenAt = LastSeenAt,
                LimitedUntil = offline || LimitedUntil <= now ? null : LimitedUntil,
                Attention = offline ? null : Attention,
                DrainedAt = DrainedAt,
            };
        }
    }
}
