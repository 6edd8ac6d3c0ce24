using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Pipelines;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Dependencies;

/// <summary>
/// Releases and skips dependants, always inside the transaction that changed their dependency (the saga's event, or
/// the submission that made them), so a dependency's end and its dependants' moves commit together or not at all.
/// </summary>
/// <remarks>
/// Each dependant's row is locked before its dependencies are read. Two dependencies of one item ending at once
/// (a diamond) then take turns: the second reads the first's committed end (read committed reads afresh per
/// statement), so the item is never left Pending with every dependency done. Dependants are locked in id order, and
/// every write bumps <c>version</c>, so a saga event that loaded the row before stays correct (it holds the lock, and
/// our conditional update then finds the state it left).
/// </remarks>
public sealed class DependencyResolver(StaminaDatabase database, CoordinatorMetrics metrics)
{
    /// <summary>
    /// <paramref name="itemId"/> has just ended as <paramref name="state"/> in this transaction (its own row may not be
    /// written yet, hence the state is given): release or skip its Pending dependants, transitively.
    /// </summary>
    public async Task ItemFinishedAsync(SagaTransaction transaction, Guid itemId, string state, DateTimeOffset now)
    {
        foreach (var dependant in await DependantsAsync(transaction, itemId, WorkItemStates.Pending))
            await EvaluateAsync(transaction, dependant, now, (itemId, state));
    }

    /// <summary>
    /// <paramref name="itemId"/> is retried: its Skipped dependants wait again (Pending), transitively, unless another
    /// of their dependencies still ended without success.
    /// </summary>
    public async Task ItemRetriedAsync(SagaTransaction transaction, Guid itemId, string state, DateTimeOffset now)
    {
        foreach (var dependant in await DependantsAsync(transaction, itemId, WorkItemStates.Skipped))
        {
            if (await LockAsync(transaction, dependant) is not { State: WorkItemStates.Skipped } row)
                continue;
            var decision = DependencyDecision.For(await DependenciesAsync(transaction, dependant, (itemId, state)), row.Policy);
            if (decision.Verdict == DependencyDecision.Skip)
                continue;
            await MoveAsync(transaction, dependant, WorkItemStates.Skipped, WorkItemStates.Pending, reason: null, now);
            metrics.ItemMoved(row.Pool, WorkItemStates.Pending);
            await new PipelineRows(transaction, database.Dialect).FollowStepMovedByDependencyAsync(dependant, PipelineStates.Failed,
                PipelineStates.Running, reason: null, now);
            await ItemRetriedAsync(transaction, dependant, WorkItemStates.Pending, now);
        }
    }

    /// <summary>
    /// The decision for an item the caller's saga event holds (a retried item that has dependencies), or null when it has
    /// none. Its base ref (on release from a branch) and skip reason are written here; its state is the caller's to set.
    /// </summary>
    public async Task<DependencyDecision?> DecideForRetryAsync(SagaTransaction transaction, Guid itemId, string policy)
    {
        var dependencies = await DependenciesAsync(transaction, itemId, known: null);
        if (dependencies.Count == 0)
            return null;
        var decision = DependencyDecision.For(dependencies, policy);
        if (decision.BaseBranch is { } branch)
        {
            await transaction.Connection.ExecuteAsync("update work_item_specs set base_ref = @branch where item_id = @itemId",
                new { branch, itemId }, transaction.Transaction);
        }
        // Not a saga column, so this write does not race the saga's own update of the row.
        await transaction.Connection.ExecuteAsync("update work_items set skip_reason = @Reason where id = @itemId",
            new { decision.Reason, itemId }, transaction.Transaction);
        return decision;
    }

    /// <summary>The item's policy (<see cref="DependencyPolicies"/>), read in the caller's transaction.</summary>
    public static Task<string> PolicyAsync(SagaTransaction transaction, Guid itemId) =>
        transaction.Connection.QuerySingleAsync<string>("select on_dependency_failure from work_items where id = @itemId",
            new { itemId }, transaction.Transaction);

    /// <summary>
    /// Decides a Pending item now: release, skip (and its own dependants after it) or leave it waiting. Called for a new
    /// item whose dependencies may have ended before it was submitted, and for each dependant of an item that ended.
    /// </summary>
    public async Task EvaluateAsync(SagaTransaction transaction, Guid itemId, DateTimeOffset now, (Guid Id, string State)? known = null)
    {
        if (await LockAsync(transaction, itemId) is not { State: WorkItemStates.Pending } row)
            return;
        var decision = DependencyDecision.For(await DependenciesAsync(transaction, itemId, known), row.Policy);
        switch (decision.Verdict)
        {
            case DependencyDecision.Release:
                if (decision.BaseBranch is { } branch)
                {
                    await transaction.Connection.ExecuteAsync("update work_item_specs set base_ref = @branch where item_id = @itemId",
                        new { branch, itemId }, transaction.Transaction);
                }

                await MoveAsync(transaction, itemId, WorkItemStates.Pending, WorkItemStates.Queued, reason: null, now);
                metrics.ItemMoved(row.Pool, WorkItemStates.Queued);
                break;
            case DependencyDecision.Skip:
                await MoveAsync(transaction, itemId, WorkItemStates.Pending, WorkItemStates.Skipped, decision.Reason, now);
                metrics.ItemMoved(row.Pool, WorkItemStates.Skipped);
                await new PipelineRows(transaction, database.Dialect).FollowStepMovedByDependencyAsync(itemId, PipelineStates.Running,
                    PipelineStates.Failed, $"its first step was skipped: {decision.Reason}", now);
                await ItemFinishedAsync(transaction, itemId, WorkItemStates.Skipped, now);
                break;
        }
    }

    async Task<IReadOnlyList<Guid>> DependantsAsync(SagaTransaction transaction, Guid itemId, string state) =>
        [.. await transaction.Connection.QueryAsync<Guid>("""
            select d.item_id from item_dependencies d join work_items w on w.id = d.item_id
            where d.depends_on = @itemId and w.state = @state
            order by d.item_id
            """, new { itemId, state }, transaction.Transaction)];

    Task<LockedItem?> LockAsync(SagaTransaction transaction, Guid itemId) =>
        transaction.Connection.QuerySingleOrDefaultAsync<LockedItem?>(
            $"select state as State, pool as Pool, on_dependency_failure as Policy from work_items where id = @itemId{database.Dialect.RowLock}",
            new { itemId }, transaction.Transaction);

    static async Task<IReadOnlyList<DependencyRow>> DependenciesAsync(SagaTransaction transaction, Guid itemId, (Guid Id, string State)? known)
    {
        var rows = await transaction.Connection.QueryAsync<DependencyRow>("""
            select d.depends_on as DependsOn, d.base_from as BaseFrom, w.state as State, w.batch_key as BatchKey, r.branch as Branch
            from item_dependencies d join work_items w on w.id = d.depends_on left join results r on r.item_id = d.depends_on
            where d.item_id = @itemId
            order by d.depends_on
            """, new { itemId }, transaction.Transaction);
        return [.. rows.Select(r => known is { } k && r.DependsOn == k.Id ? r with { State = k.State } : r)];
    }

    /// <summary>A conditional move: the state must still be <paramref name="from"/>; the version moves so a saga write that loaded the row earlier cannot overwrite this one.</summary>
    static Task MoveAsync(SagaTransaction transaction, Guid itemId, string from, string to, string? reason, DateTimeOffset now) =>
        transaction.Connection.ExecuteAsync("""
            update work_items set state = @to, skip_reason = @reason, not_before = null, published_token = null,
                updated_at = @now, version = version + 1
            where id = @itemId and state = @from
            """, new { itemId, from, to, reason, now }, transaction.Transaction);

    sealed record LockedItem(string State, string Pool, string Policy);
}
