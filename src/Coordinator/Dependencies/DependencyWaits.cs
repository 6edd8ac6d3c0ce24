using System.Data.Common;
using Dapper;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Dependencies;

/// <summary>The waiting reason of Pending items: the dependencies not yet ended, by name and state.</summary>
public static class DependencyWaits
{
    public static async Task<IReadOnlyList<ItemView>> FillAsync(DbConnection connection, SqlDialect dialect, IReadOnlyList<ItemView> views,
        CancellationToken cancellationToken)
    {
        var pending = views.Where(v => v.State == WorkItemStates.Pending).Select(v => v.Id).ToList();
        if (pending.Count == 0)
            return views;
        var rows = await connection.QueryAsync<WaitRow>(new CommandDefinition($"""
            select d.item_id as ItemId, d.depends_on as DependsOn, w.state as State, w.batch_key as BatchKey
            from item_dependencies d join work_items w on w.id = d.depends_on
            where {dialect.In("d.item_id", "ids")}
            order by d.item_id, w.created_at, d.depends_on
            """, new { ids = dialect.Ids(pending) }, cancellationToken: cancellationToken));
        var waits = rows.Where(r => !WorkItemStates.IsFinished(r.State)).GroupBy(r => r.ItemId)
            .ToDictionary(g => g.Key, g => new WaitingReason(WaitingKinds.Dependency,
                "waiting for " + string.Join(", ", g.Select(r => $"{r.Name} ({r.State})"))));
        return [.. views.Select(v => waits.TryGetValue(v.Id, out var wait) ? v with { Waiting = wait } : v)];
    }

    sealed record WaitRow
    {
        public Guid ItemId { get; init; }
        public Guid DependsOn { get; init; }
        public string State { get; init; } = "";
        public string? BatchKey { get; init; }

        public string Name => BatchKey ?? DependsOn.ToString("N")[..8];
    }
}
