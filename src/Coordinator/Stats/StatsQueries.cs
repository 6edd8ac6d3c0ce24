using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Stats;

/// <summary>
/// The fleet in numbers: items by state, attempts by outcome and duration, agent usage, workers by state. With a
/// window, items count when submitted in it and attempts when started in it; pools and workers are always as now.
/// </summary>
public sealed class StatsQueries(StaminaDatabase database, WorkerQueries workers, Api.Dispatch.DispatchStateQueries dispatch)
{
    public Task<StatsView> GetAsync(CancellationToken cancellationToken) => GetAsync(null, cancellationToken);

    public async Task<StatsView> GetAsync(TimeWindow? window, CancellationToken cancellationToken)
    {
        var parameters = new { from = window?.From, to = window?.To };
        var itemsInWindow = window is null ? "" : "where created_at >= @from and created_at < @to";
        var attemptsInWindow = window is null ? "" : "where started_at >= @from and started_at < @to";
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var states = (await connection.QueryAsync<(string Pool, string State, long Count)>(new CommandDefinition(
            $"select pool, state, count(*) from work_items {itemsInWindow} group by pool, state", parameters,
            cancellationToken: cancellationToken))).ToList();
        var current = window is null ? states : (await connection.QueryAsync<(string Pool, string State, long Count)>(new CommandDefinition(
            "select pool, state, count(*) from work_items where state in ('Queued', 'Running') group by pool, state",
            cancellationToken: cancellationToken))).ToList();
        var attempts = await connection.QuerySingleAsync<AttemptStats>(new CommandDefinition($"""
            select count(*) as Total,
                count(*) filter (where outcome = 'succeeded') as Succeeded,
                count(*) filter (where outcome in ('failed', 'timedOut')) as Failed,
                count(*) filter (where outcome = 'released') as Released,
                count(*) filter (where outcome = 'lost') as Lost,
                count(*) filter (where error_class = 'usage_limit') as UsageLimited
            from attempts {attemptsInWindow}
            """, parameters, cancellationToken: cancellationToken));
        var agents = await connection.QuerySingleAsync<AgentStats>(new CommandDefinition($"""
            select coalesce(sum(cost_usd), 0) as CostUsd, coalesce(sum(input_tokens), 0) as InputTokens,
                coalesce(sum(output_tokens), 0) as OutputTokens, coalesce(sum(cache_read_tokens), 0) as CacheReadTokens,
                coalesce(sum(cache_creation_tokens), 0) as CacheCreationTokens, coalesce(sum(turns), 0) as Turns
            from attempts {attemptsInWindow}
            """, parameters, cancellationToken: cancellationToken));
        var durations = await DurationsAsync(connection, window, cancellationToken);
        var fleet = await workers.ListAsync(cancellationToken);
        var gates = await dispatch.GetAsync(cancellationToken);

        long Count(string state) => states.Where(s => s.State == state).Sum(s => s.Count);
        return new StatsView
        {
            Window = window,
            Durations = durations,
            Items = new ItemStats
            {
                Queued = Count("Queued"),
                Running = Count("Running"),
                Succeeded = Count("Succeeded"),
                Failed = Count("Failed"),
                Cancelled = Count("Cancelled"),
                Total = states.Sum(s => s.Count),
            },
            Attempts = attempts,
            Agents = agents,
            Dispatch = gates,
            Workers = new WorkerStats
            {
                Idle = fleet.Count(w => w.State == "idle"),
                Busy = fleet.Count(w => w.State == "busy"),
                Limited = fleet.Count(w => w.State == "limited"),
                Paused = fleet.Count(w => w.State == "paused"),
                Draining = fleet.Count(w => w.State == "draining"),
                Offline = fleet.Count(w => w.State == "offline"),
            },
            Pools = [.. current.GroupBy(s => s.Pool).OrderBy(g => g.Key).Select(g => new PoolStats
            {
                Pool = g.Key,
                Queued = g.Where(s => s.State == "Queued").Sum(s => s.Count),
                Running = g.Where(s => s.State == "Running").Sum(s => s.Count),
            })],
        };
    }

    /// <summary>
    /// Percentiles of finished attempts' durations: <c>percentile_cont</c> in PostgreSQL; SQLite has no percentile
    /// function, so there the durations are read and <see cref="AttemptDurations.Of"/> interpolates the same way.
    /// </summary>
    async Task<AttemptDurations> DurationsAsync(System.Data.Common.DbConnection connection, TimeWindow? window, CancellationToken cancellationToken)
    {
        var parameters = new { from = window?.From, to = window?.To };
        var where = "where ended_at is not null" + (window is null ? "" : " and started_at >= @from and started_at < @to");
        if (database.Dialect != SqlDialect.Postgres)
        {
            var spans = await connection.QueryAsync<(DateTimeOffset StartedAt, DateTimeOffset EndedAt)>(new CommandDefinition(
                $"select started_at, ended_at from attempts {where}", parameters, cancellationToken: cancellationToken));
            return AttemptDurations.Of(spans.Select(s => (s.EndedAt - s.StartedAt).TotalSeconds));
        }
        const string Seconds = "extract(epoch from ended_at - started_at)::float8";
        return await connection.QuerySingleAsync<AttemptDurations>(new CommandDefinition($"""
            select count(*) as Count,
                percentile_cont(0.5) within group (order by {Seconds}) as P50Seconds,
                percentile_cont(0.95) within group (order by {Seconds}) as P95Seconds,
                percentile_cont(0.99) within group (order by {Seconds}) as P99Seconds
            from attempts {where}
            """, parameters, cancellationToken: cancellationToken));
    }
}
