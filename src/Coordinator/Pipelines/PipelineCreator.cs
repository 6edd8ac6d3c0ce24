using System.Data.Common;
using Dapper;
using Stamina.Coordinator.Persistence;

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

    async Task<PipelineCreation> TryCreateAsync(PipelinePlan plan, Guid firstItemId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginEventTransactionAsync(cancellationToken);
        var rows = new PipelineRows(transaction, database.Dialect);
        if (await rows.LinkOfAsync(firstItemId) is { } existing)
            return new PipelineCreation(existing.PipelineId, firstItemId, Created: false);
        if (await transaction.Connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from work_items where id = @firstItemId",
            new { firstItemId }, transaction.Transaction, cancellationToken: cancellationToken)) > 0)
            throw new InvalidOperationException($"item {firstItemId} exists and is not a pipeline's");
        var now = clock.GetUtcNow();
        await rows.InsertPipelineAsync(plan, now);
        for (var position = 0; position < plan.Steps.Count; position++)
            await rows.InsertStepAsync(plan.PipelineId, position, plan.Steps[position]);
        await stepItems.CreateAsync(transaction, plan.PipelineId, 0, 1, plan.Steps[0], plan.ReviewRounds, baseRef: null, prompt: null, now, firstItemId);
        await transaction.CommitAsync(cancellationToken);
        return new PipelineCreation(plan.PipelineId, firstItemId, Created: true);
    }
}
