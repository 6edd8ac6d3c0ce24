using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.Coordinator.Pipelines;

/// <summary>
/// Makes a step's item inside the caller's transaction (a submission's, or the saga event that ended the step
/// before): the saga row in <c>Queued</c>, its spec, and its link to the pipeline, all or nothing.
/// </summary>
public sealed class StepItems(StaminaDatabase database, SecretRedactor redactor, CoordinatorMetrics metrics)
{
    readonly WorkItemSagaStore rows = new(database);

    /// <param name="baseRef">The branch the item starts from: the step before's, or the plan's own for the first step.</param>
    /// <param name="prompt">The prompt to run instead of the plan's (a revision's, with the reviewer's feedback).</param>
    public async Task<Guid> CreateAsync(SagaTransaction transaction, Guid pipelineId, int position, int round, PipelineStepPlan step,
        int reviewRounds, string? baseRef, string? prompt, DateTimeOffset now, Guid? itemId = null)
    {
        var plan = step.Item;
        var spec = plan.Spec with
        {
            BaseRef = baseRef ?? plan.Spec.BaseRef,
            Prompt = prompt ?? plan.Spec.Prompt,
            Agent = step.Review ? plan.Spec.Agent with { Review = new ReviewRequest { Round = round, Rounds = reviewRounds } } : plan.Spec.Agent,
        };
        var item = new WorkItemState
        {
            CorrelationId = itemId ?? Guid.NewGuid(),
            CurrentState = WorkItemStates.Queued,
            Pool = plan.Pool,
            Priority = plan.Priority,
            MaxAttempts = plan.MaxAttempts,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await rows.InsertAsync(transaction, item, CancellationToken.None);
        await new SqlWorkItemJournal(transaction, database.Dialect, redactor).SaveSpecAsync(item.CorrelationId, spec);
        var pipelineRows = new PipelineRows(transaction, database.Dialect);
        await pipelineRows.LinkAsync(item.CorrelationId, pipelineId, position, round, now);
        if (position > 0 || round > 1)
            await pipelineRows.JoinFirstItemsBatchAsync(item.CorrelationId, pipelineId, step.Name, round);
        metrics.ItemSubmitted(item.Pool);
        return item.CorrelationId;
    }
}
