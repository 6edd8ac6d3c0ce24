using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Submissions;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Creation;

namespace Stamina.Coordinator.Batches;

/// <summary>
/// Makes a batch and all its items in one transaction (the batch row, every item as <see cref="ItemCreator"/> writes
/// one, their dependencies), then releases or skips, in the same transaction, items whose dependencies outside the
/// batch already ended. An idempotency key names the batch as it names an item for <c>POST /api/items</c>.
/// </summary>
public sealed class BatchCreator(
    BatchValidator validator,
    ItemCreator items,
    IdempotencyKeys keys,
    StaminaDatabase database,
    TimeProvider clock,
    CoordinatorMetrics metrics,
    Pipelines.PipelineCreator? pipelines = null) : IBatchCreator
{
    public async Task<BatchCreated> CreateAsync(BatchRequest request, BatchOrigin origin, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var batch = await validator.ValidateAsync(request, cancellationToken);
        var batchId = Guid.NewGuid();
        if (idempotencyKey is not null)
        {
            var fingerprint = Fingerprint(request, origin);
            var keyed = await keys.ClaimAsync(idempotencyKey, batchId, fingerprint, cancellationToken);
            if (keyed.Fingerprint != fingerprint)
            {
                throw new BatchRejectedException(new Dictionary<string, string[]>
                {
                    [IdempotencyKey.Header] = [$"'{idempotencyKey}' was already used for a different request ({keyed.ItemId}); send the same request, or a new key"],
                });
            }

            batchId = keyed.ItemId;
        }
        try
        {
            return await WriteAsync(batch, batchId, origin, cancellationToken);
        }
        catch (System.Data.Common.DbException exception) when (ItemCreator.IsDuplicateKey(exception))
        {
            // Two requests with one idempotency key at once: the other one made it.
            return await WriteAsync(batch, batchId, origin, cancellationToken);
        }
    }

    async Task<BatchCreated> WriteAsync(ValidatedBatch batch, Guid batchId, BatchOrigin origin, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginEventTransactionAsync(cancellationToken);
        // A replay (or a concurrent twin under one key, serialised by the primary key below) finds the batch made.
        if (await ExistingAsync(transaction, batchId, cancellationToken) is { } existing)
            return existing;
        var now = clock.GetUtcNow();
        await transaction.Connection.ExecuteAsync(new CommandDefinition("""
            insert into batches (id, name, origin, schedule_id, occurrence, created_at)
            values (@batchId, @Name, @Kind, @ScheduleId, @Occurrence, @now)
            """, new { batchId, batch.Name, origin.Kind, origin.ScheduleId, origin.Occurrence, now }, transaction.Transaction,
            cancellationToken: cancellationToken));
        foreach (var item in batch.Items)
        {
            await items.InsertAsync(transaction, item.Submission, new BatchMembership(batchId, item.Key, item.Position), now, cancellationToken);
            // A task with steps: its item is the pipeline's first step.
            if (item.Pipeline is { } plan && pipelines is not null)
                await pipelines.WritePlanAsync(transaction, plan, item.Submission.WorkItemId, now);
        }
        // Dependency order: a task is decided after the tasks it runs after.
        var created = new List<BatchItemCreated>();
        foreach (var item in batch.Items)
        {
            var state = await items.ResolveAsync(transaction, item.Submission, now);
            created.Add(new BatchItemCreated(item.Key, item.Submission.WorkItemId, state));
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var item in batch.Items)
            metrics.ItemSubmitted(item.Submission.Pool);
        items.WakeDispatcher();
        // States may have moved on during the loop (a skip spreads to later tasks): read them as committed.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var states = await StatesAsync(connection, null, batchId, cancellationToken);
        return new BatchCreated(batchId, Created: true,
            [.. created.OrderBy(c => batch.Items.First(i => i.Key == c.Key).Position).Select(c => c with { State = states.GetValueOrDefault(c.Key, c.State) })]);
    }

    public async Task<bool> IsActiveAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            select count(*) from work_items where batch_id = @batchId
                and state in ('{WorkItemStates.Pending}', '{WorkItemStates.Queued}', '{WorkItemStates.Running}')
            """, new { batchId }, cancellationToken: cancellationToken)) > 0;
    }

    async Task<BatchCreated?> ExistingAsync(Sagas.SagaTransaction transaction, Guid batchId, CancellationToken cancellationToken)
    {
        var found = await transaction.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from batches where id = @batchId", new { batchId }, transaction.Transaction, cancellationToken: cancellationToken));
        if (found == 0)
            return null;
        var rows = await transaction.Connection.QueryAsync<KeyedState>(new CommandDefinition(
            "select batch_key as Key, id as Id, state as State from work_items where batch_id = @batchId order by batch_position",
            new { batchId }, transaction.Transaction, cancellationToken: cancellationToken));
        return new BatchCreated(batchId, Created: false, [.. rows.Select(r => new BatchItemCreated(r.Key, r.Id, r.State))]);
    }

    static async Task<IReadOnlyDictionary<string, string>> StatesAsync(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction? transaction, Guid batchId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<KeyedState>(new CommandDefinition(
            "select batch_key as Key, id as Id, state as State from work_items where batch_id = @batchId",
            new { batchId }, transaction, cancellationToken: cancellationToken))).ToDictionary(r => r.Key, r => r.State);

    /// <summary>The request as parsed (so spacing and field order do not matter) and who made it.</summary>
    static string Fingerprint(BatchRequest request, BatchOrigin origin) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { request, origin })));

    sealed record KeyedState
    {
        public string Key { get; init; } = "";
        public Guid Id { get; init; }
        public string State { get; init; } = "";
    }
}
