using Dapper;
using MassTransit;
using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Batches;

/// <summary>
/// Cancel and retry-failed of a whole batch: one saga command per item, as <c>/api/items/{id}/cancel|retry</c> sends, so
/// every item moves by the state machine's rules. An item that moved on meanwhile answers "not accepted" and is left be.
/// </summary>
public sealed class BatchOperations(StaminaDatabase database)
{
    /// <summary>
    /// Cancels every item not ended. Waiting dependants go first (a dependant before its dependency), so they end
    /// Cancelled rather than Skipped by their dependency's cancel; then queued and running items. How many were cancelled.
    /// </summary>
    public async Task<int> CancelAsync(Guid batchId, IRequestClient<CancelWorkItem> client, CancellationToken cancellationToken)
    {
        var open = await ItemsAsync(batchId, [WorkItemStates.Pending, WorkItemStates.Queued, WorkItemStates.Running], cancellationToken);
        var pending = open.Where(i => i.State == WorkItemStates.Pending).ToList();
        var edges = await EdgesAsync(batchId, cancellationToken);
        var indexOf = pending.Select((item, index) => (item.Id, index)).ToDictionary(p => p.Id, p => p.index);
        var after = pending.Select(p => (IReadOnlyList<int>)[.. edges.Where(e => e.ItemId == p.Id && indexOf.ContainsKey(e.DependsOn)).Select(e => indexOf[e.DependsOn])]).ToList();
        var (order, _) = DependencyGraph.Sort([.. pending.Select(p => p.Id.ToString())], after);
        var sequence = (order ?? [.. Enumerable.Range(0, pending.Count)]).Reverse().Select(i => pending[i].Id)
            .Concat(open.Where(i => i.State == WorkItemStates.Queued).Select(i => i.Id))
            .Concat(open.Where(i => i.State == WorkItemStates.Running).Select(i => i.Id));
        var cancelled = 0;
        foreach (var id in sequence)
        {
            var answer = await client.GetResponse<WorkItemCommandResult>(new CancelWorkItem { WorkItemId = id }, cancellationToken);
            cancelled += answer.Message.Accepted ? 1 : 0;
        }
        return cancelled;
    }

    /// <summary>Retries every Failed or Cancelled item; their Skipped dependants wait again. How many were retried.</summary>
    public async Task<int> RetryFailedAsync(Guid batchId, IRequestClient<RetryWorkItem> client, CancellationToken cancellationToken)
    {
        var retried = 0;
        foreach (var item in await ItemsAsync(batchId, [WorkItemStates.Failed, WorkItemStates.Cancelled], cancellationToken))
        {
            var answer = await client.GetResponse<WorkItemCommandResult>(new RetryWorkItem { WorkItemId = item.Id }, cancellationToken);
            retried += answer.Message.Accepted ? 1 : 0;
        }
        return retried;
    }

    async Task<IReadOnlyList<OpenItem>> ItemsAsync(Guid batchId, string[] states, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<OpenItem>(new CommandDefinition($"""
            select id as Id, state as State from work_items where batch_id = @batchId and {database.Dialect.In("state", "states")}
            order by batch_position
            """, new { batchId, states }, cancellationToken: cancellationToken))];
    }

    async Task<IReadOnlyList<Edge>> EdgesAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<Edge>(new CommandDefinition("""
            select d.item_id as ItemId, d.depends_on as DependsOn
            from item_dependencies d join work_items w on w.id = d.item_id where w.batch_id = @batchId
            """, new { batchId }, cancellationToken: cancellationToken))];
    }

    sealed record OpenItem
    {
        public Guid Id { get; init; }
        public string State { get; init; } = "";
    }

    sealed record Edge
    {
        public Guid ItemId { get; init; }
        public Guid DependsOn { get; init; }
    }
}
