using MassTransit;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.WorkItems.Transitions;

public sealed class SubmitTransitions(WorkItemStateMachine machine, WorkItemContext items)
{
    public async Task Create(BehaviorContext<WorkItemState, SubmitWorkItem> context)
    {
        var now = items.Now;
        var item = context.Saga;
        item.Pool = context.Message.Pool;
        item.Priority = context.Message.Priority;
        item.MaxAttempts = context.Message.MaxAttempts;
        item.CreatedAt = now;
        item.UpdatedAt = now;
        await items.Journals.For(context).SaveSpecAsync(item.CorrelationId, context.Message.Spec);
        await context.TransitionToState(machine.Queued);
        items.Metrics.ItemSubmitted(item.Pool);
        await context.RespondAsync(new WorkItemCommandResult { WorkItemId = item.CorrelationId, Accepted = true, State = item.CurrentState, Created = true });
    }

    /// <summary>A resubmission of the same id (a client retrying after a timeout) changes nothing.</summary>
    public Task AcknowledgeDuplicate(BehaviorContext<WorkItemState, SubmitWorkItem> context) =>
        context.RespondAsync(new WorkItemCommandResult
        {
            WorkItemId = context.Saga.CorrelationId,
            Accepted = true,
            State = context.Saga.CurrentState,
        });
}
