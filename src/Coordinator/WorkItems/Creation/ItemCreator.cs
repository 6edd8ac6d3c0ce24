using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.ServiceDefaults.Redaction;
using Stamina.ServiceDefaults.Telemetry;

namespace Stamina.Coordinator.WorkItems.Creation;

/// <summary>
/// Makes work items, for the HTTP API (and local mode, which serves the same API) only. The item's saga row and
/// spec are written in one transaction of the caller's, so no broker message can create an item: the state
/// machine has no event that makes one, and a <see cref="SubmitWorkItem"/> on the broker has no consumer. The
/// dispatcher publishes the new <c>Queued</c> row as it does any other, woken at once rather than at its next tick.
/// </summary>
public sealed class ItemCreator(StaminaDatabase database, SecretRedactor redactor, TimeProvider clock, CoordinatorMetrics metrics,
    DependencyResolver dependencies, DispatchWake? wake = null)
{
    readonly WorkItemSagaStore rows = new(database);

    public async Task<ItemCreation> CreateAsync(SubmitWorkItem submission, CancellationToken cancellationToken)
    {
        using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Submit);
        span?.SetTag(StaminaActivities.ItemId, submission.WorkItemId).SetTag(StaminaActivities.Pool, submission.Pool);
        try
        {
            return await TryCreateAsync(submission, cancellationToken);
        }
        catch (DbException exception) when (IsDuplicateKey(exception))
        {
            // Two requests with one idempotency key at once: the other one made it.
            return await TryCreateAsync(submission, cancellationToken);
        }
    }

    async Task<ItemCreation> TryCreateAsync(SubmitWorkItem submission, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginEventTransactionAsync(cancellationToken);
        if (await rows.LoadForUpdateAsync(transaction, submission.WorkItemId, cancellationToken) is { } existing)
            return new ItemCreation(existing.CorrelationId, Created: false, existing.CurrentState);
        var now = clock.GetUtcNow();
        await InsertAsync(transaction, submission, batch: null, now, cancellationToken);
        var state = await ResolveAsync(transaction, submission, now);
        await transaction.CommitAsync(cancellationToken);
        metrics.ItemSubmitted(submission.Pool);
        WakeDispatcher();
        return new ItemCreation(submission.WorkItemId, Created: true, state);
    }

    /// <summary>
    /// Tells the dispatcher that committed items may be due: without it a new item waited for the dispatcher's next tick
    /// (up to <see cref="DispatchSettings.PollInterval"/>, 200 ms by default) before its message left.
    /// </summary>
    public void WakeDispatcher() => wake?.Pulse();

    /// <summary>
    /// Writes one item in the caller's transaction: its saga row (Pending when it has dependencies, else Queued), spec,
    /// trace, batch membership and dependencies. <see cref="ResolveAsync"/> then decides a Pending one.
    /// </summary>
    public async Task InsertAsync(SagaTransaction transaction, SubmitWorkItem submission, BatchMembership? batch, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var item = new WorkItemState
        {
            CorrelationId = submission.WorkItemId,
            CurrentState = submission.After.Count > 0 ? WorkItemStates.Pending : WorkItemStates.Queued,
            Pool = submission.Pool,
            Priority = submission.Priority,
            MaxAttempts = submission.MaxAttempts,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await rows.InsertAsync(transaction, item, cancellationToken);
        await new SqlWorkItemJournal(transaction, database.Dialect, redactor).SaveSpecAsync(item.CorrelationId, submission.Spec);
        // The dispatcher publishes from a polling loop: the item carries its trace to it.
        var traceParent = StoredTraceParent.Capture(Activity.Current);
        await transaction.Connection.ExecuteAsync(new CommandDefinition("""
            update work_items set trace_parent = @traceParent, batch_id = @batchId, batch_key = @batchKey, batch_position = @batchPosition, on_dependency_failure = @policy
            where id = @id
            """, new { traceParent, batchId = batch?.BatchId, batchKey = batch?.Key, batchPosition = batch?.Position, policy = submission.OnDependencyFailure, id = item.CorrelationId },
            transaction.Transaction, cancellationToken: cancellationToken));
        await transaction.Connection.ExecuteAsync(new CommandDefinition(
            "insert into item_dependencies (item_id, depends_on, base_from) values (@itemId, @dependsOn, @baseFrom)",
            submission.After.Select(d => new { itemId = item.CorrelationId, dependsOn = d, baseFrom = d == submission.BaseFrom }),
            transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>A new item whose dependencies already ended is released or skipped at once. Its state after that.</summary>
    public async Task<string> ResolveAsync(SagaTransaction transaction, SubmitWorkItem submission, DateTimeOffset now)
    {
        if (submission.After.Count == 0)
            return WorkItemStates.Queued;
        await dependencies.EvaluateAsync(transaction, submission.WorkItemId, now);
        return await transaction.Connection.QuerySingleAsync<string>("select state from work_items where id = @id",
            new { id = submission.WorkItemId }, transaction.Transaction);
    }

    /// <summary>PostgreSQL's unique violation, SQLite's primary key constraint.</summary>
    public static bool IsDuplicateKey(DbException exception) =>
        exception.SqlState == "23505" || exception is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };
}
