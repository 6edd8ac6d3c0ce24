using System.Data.Common;
using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Pipelines;

/// <summary>
/// Writes a validated pipeline: its row, its steps' plans and the first step's item, in one transaction. The later
/// steps' items are made by <see cref="PipelineAdvancer"/> as the steps before them end.
/// </summary>
public sealed class PipelineCreator(StaminaDatabase database, StepItems stepItems, TimeProvider clock)
{
    /// <param name="firstItemId">The first step's item id (an idempotency key's): a pipeline found under it is not made again.</param>
    public async Task<PipelineCreation> CreateAsync(PipelinePlan plan, Guid firstItemId, CancellationToken cancellationToken)
    {
        try
        {
            return await TryCreateAsync(plan, firstItemId, cancellationToken);
        }
        catch (DbException exception) when (exception.SqlState == "23505" || exception is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 1555 or 2067 })
        {
            // Two requests with one idempotency key at once: the other one made it.
            return await TryCreateAsync(plan, firstItemId, cancellationToken);
        }
    }

    /// <summary>
    /// The pipeline's row and steps in the caller's transaction, for a first item written already (a batch's task).
    /// </summary>
    public async Task WritePlanAsync(SagaTransaction transaction, PipelinePlan plan, Guid firstItemId, DateTimeOffset now, bool linkFirst = true)
    {
        var rows = new PipelineRows(transaction, database.Dialect);
        await rows.InsertPipelineAsync(plan, now);
        for (var position = 0; position < plan.Steps.Count; position++)
            await rows.InsertStepAsync(plan.PipelineId, position, plan.Steps[position]);
        if (linkFirst)
            await rows.LinkAsync(firstItemId, plan.PipelineId, 0, 1, now);
    }

    async Task<PipelineCreation> TryCreateAsync(PipelinePlan plan, Guid firstItemId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginEventTransactionAsync(cancellationToken);
        var rows = new PipelineRows(transaction, database.Dialect);
        if (await rows.LinkOfAsync(firstItemId) is { } existing)
            return new PipelineCreation(existing.PipelineId, firstItemId, Created: false);
        if (await transaction.Connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from work_items where id = @firstItemId",
            new { firstItemId }, transaction.Transaction, cancellationToken: cancellationToken)) > 0)
        {
            throw new InvalidOperationException($"item {firstItemId} exists and is not a pipeline's");
        }

        var now = clock.GetUtcNow();
        await stepItems.CreateAsync(transaction, plan.PipelineId, 0, 1, plan.Steps[0], plan.ReviewRounds, baseRef: null, prompt: null, now, firstItemId);
        await WritePlanAsync(transaction, plan, firstItemId, now, linkFirst: false);
        await transaction.CommitAsync(cancellationToken);
        return new PipelineCreation(plan.PipelineId, firstItemId, Created: true);
    }
}
