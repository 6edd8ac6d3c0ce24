using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Stamina.Coordinator.Persistence;

using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Notifications;

/// <summary>
/// Reads what happened in one window (<c>since</c>, <c>until</c>] from the tables the saga and the consumers already
/// write: nothing in their transactions knows about notifications.
/// </summary>
sealed class EventReader(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string batchLabel)
{
    const string Finished = WorkItemStates.FinishedSql;

    /// <summary>The batch label's value of a spec <c>s</c>, in each dialect's JSON.</summary>
    string BatchOf => dialect == SqlDialect.Postgres ? "(s.labels ->> @label)" : "json_extract(s.labels, @labelPath)";

    DynamicParameters Label(object more)
    {
        var parameters = new DynamicParameters(more);
        parameters.Add("label", batchLabel);
        parameters.Add("labelPath", $"$.\"{batchLabel}\"");
        return parameters;
    }

    public async Task<List<Notification>> FailedItemsAsync(DateTimeOffset since, DateTimeOffset until)
    {
        var rows = await connection.QueryAsync<FailedItem>($"""
            select w.id as ItemId, w.pool as Pool, w.failures as Failures, w.lost_attempts as LostAttempts, w.updated_at as At,
                a.error_class as ErrorClass, a.message as Message, a.account as Account, a.worker as Worker, {BatchOf} as Batch
            from work_items w
            join work_item_specs s on s.item_id = w.id
            left join attempts a on a.item_id = w.id and a.number = w.attempt
            where w.state = 'Failed' and w.updated_at > @since and w.updated_at <= @until
            order by w.updated_at
            limit 500
            """, Label(new { since, until }), transaction);
        return [.. rows.Select(row => new Notification(NotificationKinds.ItemFailed, NotificationLevels.Error,
            $"Item {row.ItemId} failed ({row.ErrorClass ?? "unknown"})",
            $"Pool {row.Pool}: failed after {row.Failures} failure(s) and {row.LostAttempts} lost attempt(s); last error {row.ErrorClass ?? "unknown"}"
                + (string.IsNullOrWhiteSpace(row.Message) ? "." : $": {TextOf.Cut(row.Message, 300)}"),
            row.At,
            new JsonObject
            {
                ["itemId"] = row.ItemId.ToString(),
                ["pool"] = row.Pool,
                ["errorClass"] = row.ErrorClass,
                ["failures"] = row.Failures,
                ["lostAttempts"] = row.LostAttempts,
                ["account"] = row.Account,
                ["worker"] = row.Worker,
                ["batch"] = row.Batch,
            }))];
    }

    public async Task<List<Notification>> EndedBatchesAsync(DateTimeOffset since, DateTimeOffset until)
    {
        var touched = await connection.QueryAsync<string>($"""
            select distinct {BatchOf} from work_items w join work_item_specs s on s.item_id = w.id
            where w.state in {Finished} and w.updated_at > @since and w.updated_at <= @until and {BatchOf} is not null
            """, Label(new { since, until }), transaction);
        var ended = new List<Notification>();
        foreach (var batch in touched)
        {
            var states = (await connection.QueryAsync<StateCount>($"""
                select w.state as State, count(*) as Count, min(w.created_at) as FirstCreated, max(w.updated_at) as LastUpdated
                from work_items w join work_item_specs s on s.item_id = w.id
                where {BatchOf} = @batch
                group by w.state
                """, Label(new { batch }), transaction)).ToList();
            // Still running, or finished only after the window's end: a later pass tells it whole.
            if (states.Any(s => !WorkItemStates.IsFinished(s.State) || s.LastUpdated > until))
                continue;
            var cost = await connection.ExecuteScalarAsync<double>($"""
                select cast(coalesce(sum(a.cost_usd), 0) as double precision)
                from attempts a join work_item_specs s on s.item_id = a.item_id
                where {BatchOf} = @batch
                """, Label(new { batch }), transaction);
            var outcomes = Tally(states, cost, states.Max(s => s.LastUpdated) - states.Min(s => s.FirstCreated));
            var data = outcomes.ToJson();
            data["batch"] = batch;
            ended.Add(new Notification(NotificationKinds.BatchEnded, outcomes.Level, $"Batch {batch} ended", outcomes.Summary,
                states.Max(s => s.LastUpdated), data));
        }
        return ended;
    }

    /// <summary>Nothing queued or running, and everything that finished did so by <paramref name="until"/>.</summary>
    public Task<bool> DrainedAsync(DateTimeOffset until) => connection.ExecuteScalarAsync<bool>($"""
        select not exists (select 1 from work_items where state not in {Finished})
            and not exists (select 1 from work_items where updated_at > @until)
        """, new { until }, transaction);

    /// <summary>The oldest unfinished item's creation, or null when none is unfinished.</summary>
    public Task<DateTimeOffset?> OldestActiveAsync() => connection.ExecuteScalarAsync<DateTimeOffset?>(
        $"select min(created_at) from work_items where state not in {Finished}", transaction: transaction);

    /// <summary>The oldest creation among items that finished in the window, or null when none did.</summary>
    public Task<DateTimeOffset?> OldestFinishedAsync(DateTimeOffset since, DateTimeOffset until) => connection.ExecuteScalarAsync<DateTimeOffset?>(
        $"select min(created_at) from work_items where state in {Finished} and updated_at > @since and updated_at <= @until",
        new { since, until }, transaction);

    public async Task<Notification> ShiftSummaryAsync(DateTimeOffset start, DateTimeOffset until)
    {
        var states = (await connection.QueryAsync<StateCount>($"""
            select state as State, count(*) as Count, min(created_at) as FirstCreated, max(updated_at) as LastUpdated
            from work_items where state in {Finished} and updated_at >= @start and updated_at <= @until
            group by state
            """, new { start, until }, transaction)).ToList();
        var cost = await connection.ExecuteScalarAsync<double>("""
            select cast(coalesce(sum(cost_usd), 0) as double precision) from attempts where ended_at >= @start and ended_at <= @until
            """, new { start, until }, transaction);
        var end = states.Count == 0 ? until : states.Max(s => s.LastUpdated);
        var outcomes = Tally(states, cost, end - start);
        var data = outcomes.ToJson();
        data["startedAt"] = start.ToUniversalTime().ToString("O");
        return new Notification(NotificationKinds.QueueDrained, outcomes.Level, "Queue drained: the shift is over", outcomes.Summary, end, data);
    }

    public async Task<List<Notification>> AuthFailuresAsync(DateTimeOffset since, DateTimeOffset until)
    {
        var rows = await connection.QueryAsync<AuthFailure>("""
            select account as Account, worker as Worker, message as Message, ended_at as At from attempts
            where error_class = 'auth' and ended_at > @since and ended_at <= @until
            order by ended_at
            """, new { since, until }, transaction);
        return [.. rows.GroupBy(r => r.Account ?? "(default)").Select(group => new Notification(NotificationKinds.AccountAuthFailed,
            NotificationLevels.Error, $"Account {group.Key} failed to log in",
            $"Worker(s) {string.Join(", ", group.Select(r => r.Worker).Distinct())} could not log in with account {group.Key} and wait for a person"
                + $" (`stamina workers resume`). {TextOf.Cut(group.Last().Message, 300)}",
            group.Last().At,
            new JsonObject { ["account"] = group.Key, ["workers"] = new JsonArray([.. group.Select(r => (JsonNode?)r.Worker).DistinctBy(w => w!.ToString())]) }))];
    }

    public async Task<List<Notification>> LimitedAccountsAsync(DateTimeOffset since, DateTimeOffset until)
    {
        var rows = await connection.QueryAsync<LimitedAccount>("""
            select name as Name, limited_until as LimitedUntil, last_reason as Reason, updated_at as At from accounts
            where updated_at > @since and updated_at <= @until
            order by updated_at
            """, new { since, until }, transaction);
        return [.. rows.Select(row => new Notification(NotificationKinds.AccountLimited, NotificationLevels.Warning,
            $"Account {row.Name} hit its usage limit",
            $"Account {row.Name} rests until {(row.LimitedUntil is { } t ? TextOf.Time(t) : "unknown")}"
                + (string.IsNullOrWhiteSpace(row.Reason) ? "." : $": {TextOf.Cut(row.Reason, 200)}"),
            row.At,
            new JsonObject { ["account"] = row.Name, ["limitedUntil"] = row.LimitedUntil?.ToUniversalTime().ToString("O") }))];
    }

    public async Task<List<WorkerRow>> WorkersAsync() =>
        [.. await connection.QueryAsync<WorkerRow>("""
            select name as Name, pool as Pool, account as Account, attention as Attention, status as Status, last_seen_at as LastSeenAt,
                interval_ms as IntervalMs, stopped_at as StoppedAt
            from workers
            """, transaction: transaction)];

    static NotificationTally Tally(List<StateCount> states, double cost, TimeSpan duration)
    {
        int Count(string state) => (int)states.Where(s => s.State == state).Sum(s => s.Count);
        return new NotificationTally(Count("Succeeded"), Count("Failed"), Count("Cancelled"), cost, duration);
    }

    sealed record FailedItem
    {
        public Guid ItemId { get; init; }
        public string Pool { get; init; } = "";
        public int Failures { get; init; }
        public int LostAttempts { get; init; }
        public DateTimeOffset At { get; init; }
        public string? ErrorClass { get; init; }
        public string? Message { get; init; }
        public string? Account { get; init; }
        public string? Worker { get; init; }
        public string? Batch { get; init; }
    }

    sealed record StateCount
    {
        public string State { get; init; } = "";
        public long Count { get; init; }
        public DateTimeOffset FirstCreated { get; init; }
        public DateTimeOffset LastUpdated { get; init; }
    }

    sealed record AuthFailure
    {
        public string? Account { get; init; }
        public string Worker { get; init; } = "";
        public string? Message { get; init; }
        public DateTimeOffset At { get; init; }
    }

    sealed record LimitedAccount
    {
        public string Name { get; init; } = "";
        public DateTimeOffset? LimitedUntil { get; init; }
        public string? Reason { get; init; }
        public DateTimeOffset At { get; init; }
    }
}
