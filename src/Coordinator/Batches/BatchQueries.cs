using System.Globalization;
using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Batches;

/// <summary>Reads batches for the API: the items, their states, costs and branches, summed in .NET (a batch is small).</summary>
public sealed class BatchQueries(StaminaDatabase database)
{
    const string BatchColumns = """
        id as Id, name as Name, origin as Origin, schedule_id as ScheduleId, occurrence as Occurrence, created_at as CreatedAt
        """;

    string CostSum => database.Dialect == SqlDialect.Sqlite ? "cast(sum(a.cost_usd) as real)" : "sum(a.cost_usd)";

    public async Task<BatchView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var batch = await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            $"select {BatchColumns} from batches where id = @id", new { id }, cancellationToken: cancellationToken));
        return batch is null ? null : (await ViewsAsync(connection, [batch], withItems: true, cancellationToken))[0];
    }

    public async Task<IReadOnlyList<BatchView>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var batches = (await connection.QueryAsync<BatchRow>(new CommandDefinition(
            $"select {BatchColumns} from batches order by created_at desc limit @limit", new { limit }, cancellationToken: cancellationToken))).ToList();
        return batches.Count == 0 ? [] : await ViewsAsync(connection, batches, withItems: false, cancellationToken);
    }

    async Task<IReadOnlyList<BatchView>> ViewsAsync(System.Data.Common.DbConnection connection, IReadOnlyList<BatchRow> batches, bool withItems,
        CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var ids = dialect.Ids(batches.Select(b => b.Id));
        var items = (await connection.QueryAsync<ItemRow>(new CommandDefinition($"""
            select w.batch_id as BatchId, w.batch_key as Key, w.id as Id, w.state as State, w.skip_reason as SkipReason,
                w.updated_at as UpdatedAt, r.branch as Branch,
                (select {CostSum} from attempts a where a.item_id = w.id) as CostUsd,
                (select min(a.started_at) from attempts a where a.item_id = w.id) as StartedAt
            from work_items w left join results r on r.item_id = w.id
            where {dialect.In("w.batch_id", "ids")}
            order by w.batch_position
            """, new { ids }, cancellationToken: cancellationToken))).ToList();
        var after = withItems ? await AfterAsync(connection, ids, cancellationToken) : [];
        return [.. batches.Select(b => View(b, [.. items.Where(i => i.BatchId == b.Id)], after, withItems))];
    }

    async Task<IReadOnlyList<EdgeRow>> AfterAsync(System.Data.Common.DbConnection connection, System.Collections.IEnumerable ids,
        CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<EdgeRow>(new CommandDefinition($"""
            select d.item_id as ItemId, d.depends_on as DependsOn, w.batch_key as DependsOnKey, w.batch_id as DependsOnBatch
            from item_dependencies d join work_items w on w.id = d.depends_on join work_items i on i.id = d.item_id
            where {database.Dialect.In("i.batch_id", "ids")}
            """, new { ids }, cancellationToken: cancellationToken))];

    static BatchView View(BatchRow batch, IReadOnlyList<ItemRow> items, IReadOnlyList<EdgeRow> edges, bool withItems)
    {
        var counts = items.GroupBy(i => i.State).ToDictionary(g => g.Key, g => g.Count());
        var costs = items.Where(i => i.CostUsd is not null).Select(i => i.CostUsd!.Value).ToList();
        var branches = items.Where(i => i.State == WorkItemStates.Succeeded && i.Branch is not null).Select(i => i.Branch!).ToList();
        var ended = items.Count > 0 && items.All(i => WorkItemStates.IsFinished(i.State));
        decimal? cost = costs.Count == 0 ? null : costs.Sum();
        return new BatchView
        {
            Id = batch.Id,
            Name = batch.Name,
            Origin = batch.Origin,
            ScheduleId = batch.ScheduleId,
            Occurrence = batch.Occurrence,
            CreatedAt = batch.CreatedAt,
            StartedAt = items.Where(i => i.StartedAt is not null).Select(i => i.StartedAt).Min(),
            EndedAt = ended ? items.Max(i => i.UpdatedAt) : null,
            Total = items.Count,
            Counts = counts,
            CostUsd = cost,
            Branches = branches,
            Summary = ended ? Summary(counts, cost, branches.Count) : null,
            Items = withItems
                ? [.. items.Select(i => new BatchItemView
                {
                    Key = i.Key ?? "",
                    Id = i.Id,
                    State = i.State,
                    Branch = i.State == WorkItemStates.Succeeded ? i.Branch : null,
                    CostUsd = i.CostUsd,
                    SkipReason = i.SkipReason,
                    After = [.. edges.Where(e => e.ItemId == i.Id).Select(e => e.DependsOnBatch == batch.Id && e.DependsOnKey is { } key ? key : e.DependsOn.ToString())],
                })]
                : [],
        };
    }

    /// <summary>The counts in lifecycle order, the cost and how many branches there are to look at.</summary>
    static string Summary(IReadOnlyDictionary<string, int> counts, decimal? cost, int branches)
    {
        var parts = WorkItemStates.All.Where(counts.ContainsKey).Select(s => $"{counts[s]} {s.ToLowerInvariant()}");
        var money = cost is { } usd ? "$" + usd.ToString("0.00", CultureInfo.InvariantCulture) : "no cost reported";
        return $"{string.Join(", ", parts)}; {money}; {branches} branch{(branches == 1 ? "" : "es")}";
    }

    sealed record BatchRow
    {
        public Guid Id { get; init; }
        public string? Name { get; init; }
        public string Origin { get; init; } = "";
        public Guid? ScheduleId { get; init; }
        public DateTimeOffset? Occurrence { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    sealed record ItemRow
    {
        public Guid BatchId { get; init; }
        public string? Key { get; init; }
        public Guid Id { get; init; }
        public string State { get; init; } = "";
        public string? SkipReason { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string? Branch { get; init; }
        public decimal? CostUsd { get; init; }
        public DateTimeOffset? StartedAt { get; init; }
    }

    sealed record EdgeRow
    {
        public Guid ItemId { get; init; }
        public Guid DependsOn { get; init; }
        public string? DependsOnKey { get; init; }
        public Guid? DependsOnBatch { get; init; }
    }
}
