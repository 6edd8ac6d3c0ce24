using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Stats;

/// <summary>The fleet in numbers: items by state, attempts by outcome, agent usage, workers by state.</summary>
public sealed class StatsQueries(StaminaDatabase database, WorkerQueries workers)
{
    public async Task<StatsView> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var states = (await connection.QueryAsync<(string Pool, string State, long Count)>(new CommandDefinition(
            "select pool, state, count(*) from work_items group by pool, state", cancellationToken: cancellationToken))).ToList();
        var attempts = await connection.QuerySingleAsync<AttemptStats>(new CommandDefinition("""
            select count(*) as Total,
                count(*) filter (where outcome = 'succeeded') as Succeeded,
                count(*) filter (where outcome in ('failed', 'timedOut')) as Failed,
                count(*) filter (where outcome = 'released') as Released,
                count(*) filter (where outcome = 'lost') as Lost,
                count(*) filter (where error_class = 'usage_limit') as UsageLimited
            from attempts
            """, cancellationToken: cancellationToken));
        var agents = await connection.QuerySingleAsync<AgentStats>(new CommandDefinition("""
            select coalesce(sum(cost_usd), 0) as CostUsd, coalesce(sum(input_tokens), 0) as InputTokens,
                coalesce(sum(output_tokens), 0) as OutputTokens, coalesce(sum(cache_read_tokens), 0) as CacheReadTokens,
                coalesce(sum(cache_creation_tokens), 0) as CacheCreationTokens, coalesce(sum(turns), 0) as Turns
            from attempts
            """, cancellationToken: cancellationToken));
        var fleet = await workers.ListAsync(cancellationToken);

        long Count(string state) => states.Where(s => s.State == state).Sum(s => s.Count);
        return new StatsView
        {
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
            Workers = new WorkerStats
            {
                Idle = fleet.Count(w => w.State == "idle"),
                Busy = fleet.Count(w => w.State == "busy"),
                Limited = fleet.Count(w => w.State == "limited"),
                Paused = fleet.Count(w => w.State == "paused"),
                Draining = fleet.Count(w => w.State == "draining"),
                Offline = fleet.Count(w => w.State == "offline"),
            },
            Pools = [.. states.GroupBy(s => s.Pool).OrderBy(g => g.Key).Select(g => new PoolStats
            {
                Pool = g.Key,
                Queued = g.Where(s => s.State == "Queued").Sum(s => s.Count),
                Running = g.Where(s => s.State == "Running").Sum(s => s.Count),
            })],
        };
    }
}
