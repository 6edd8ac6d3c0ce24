using Dapper;
using MassTransit;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// The holds as a claim sees them, in the saga's transaction: the same <see cref="HoldSet"/> the dispatcher releases
/// by (at most one poll old), and the account holds.
/// </summary>
public sealed class ClaimHolds(DispatchHolds holds)
{
    /// <summary>Why the item may not start now, or null. Its repository and batch are read only when some hold names one.</summary>
    public async Task<WaitingReason?> HeldAsync(PipeContext context, WorkItemState item)
    {
        var set = await holds.CurrentAsync(context.CancellationToken);
        if (set.Scopes.Count == 0)
            return null;
        var saga = Transaction(context);
        var repo = set.HasRepoScopes
            ? await saga.Connection.QuerySingleOrDefaultAsync<string?>("select repo from work_item_specs where item_id = @id",
                new { id = item.CorrelationId }, saga.Transaction)
            : null;
        var batch = set.HasBatchScopes
            ? await saga.Connection.QuerySingleOrDefaultAsync<string?>("select cast(batch_id as text) from work_items where id = @id",
                new { id = item.CorrelationId }, saga.Transaction)
            : null;
        return set.Refusal(item.Pool, repo, batch);
    }

    public Task<AccountHold?> AccountHoldAsync(PipeContext context, string account, DateTimeOffset now)
    {
        var saga = Transaction(context);
        return holds.FindAccountHoldAsync(saga.Connection, saga.Transaction, account, now, context.CancellationToken);
    }

    static SagaTransaction Transaction(PipeContext context) =>
        context.TryGetPayload<SagaTransaction>(out var transaction)
            ? transaction
            : throw new InvalidOperationException("A claim ran outside a saga transaction.");
}
