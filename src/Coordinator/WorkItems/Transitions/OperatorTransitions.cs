using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.WorkItems.Transitions;

/// <summary>Cancel and retry, asked for by a person through the API.</summary>
public sealed class OperatorTransitions(WorkItemStateMachine machine, WorkItemContext items)
{
    readonly ItemMoves moves = new(machine, items);

    public async Task Cancel(BehaviorContext<WorkItemState, CancelWorkItem> context)
    {
        var item = context.Saga;
        if (item.CurrentState == machine.Running.Name)
        {
            await moves.EndAttemptAsync(context,
                new AttemptEnding(AttemptOutcomes.Cancelled, items.Now, ErrorClass: ErrorClasses.Cancelled, Message: "cancelled by request"));
            // The holder kills its process tree on this event; its later messages are stale.
            await context.Publish(new AttemptCancelled { WorkItemId = item.CorrelationId, Attempt = item.Attempt });
        }
        item.NotBefore = null;
        await moves.LeaveRunningAsync(context, machine.Cancelled);
        await items.Answers.AnswerAsync(context, Answer(item, accepted: true));
    }

    public Task RefuseCancel(BehaviorContext<WorkItemState, CancelWorkItem> context) =>
        items.Answers.AnswerAsync(context, Answer(context.Saga, accepted: false, $"item is already {context.Saga.CurrentState}"));

    /// <summary>
    /// A new attempt with a fresh failure budget; the attempt history is kept. An item with dependencies goes by them, as
    /// at submit: Queued when they all succeeded, Pending while one has not ended, Skipped when one ended without success.
    /// </summary>
    public async Task Retry(BehaviorContext<WorkItemState, RetryWorkItem> context)
    {
        context.Saga.Failures = 0;
        context.Saga.LostAttempts = 0;
        context.Saga.NotBefore = null;
        var next = (await items.DecideRetryAsync(context, context.Saga.CorrelationId))?.Verdict switch
        {
            DependencyDecision.Wait => machine.Pending,
            DependencyDecision.Skip => machine.Skipped,
            _ => machine.Queued,
        };
        await moves.LeaveRunningAsync(context, next);
        await items.ItemRetriedAsync(context, context.Saga.CorrelationId, context.Saga.CurrentState);
        await items.Answers.AnswerAsync(context, Answer(context.Saga, accepted: true));
    }

    public Task RefuseRetry(BehaviorContext<WorkItemState, RetryWorkItem> context) =>
        items.Answers.AnswerAsync(context, Answer(context.Saga, accepted: false, context.Saga.CurrentState == WorkItemStates.Skipped
            ? "a skipped item runs again when the dependency that skipped it is retried"
            : $"only failed or cancelled items can be retried; item is {context.Saga.CurrentState}"));

    static WorkItemCommandResult Answer(WorkItemState item, bool accepted, string? reason = null) =>
        new() { WorkItemId = item.CorrelationId, Accepted = accepted, State = item.CurrentState, Reason = reason };
}
