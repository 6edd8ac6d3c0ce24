using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;

namespace Stamina.Coordinator.WorkItems.Transitions;

/// <summary>The moves out of Running that several events share: end the attempt, then retry, requeue or finish.</summary>
public sealed class ItemMoves(WorkItemStateMachine machine, WorkItemContext items)
{
    /// <summary>The item's own failure: counted; retried after a backoff while attempts remain, otherwise the item fails.</summary>
    public async Task FailAttemptAsync(BehaviorContext<WorkItemState> context, AttemptEnding ending)
    {
        var item = context.Saga;
        await EndAttemptAsync(context, ending);
        item.Failures++;
        if (item.Failures < item.MaxAttempts)
            await ToQueuedAsync(context, items.Now + items.Leases.RetryDelay(item.Failures));
        else
            await LeaveRunningAsync(context, machine.Failed);
    }

    /// <summary>
    /// The holder went silent (killed, frozen, cut off): a fault, not the item's failure, so it does not use up
    /// <c>maxAttempts</c>. Counted apart with its own cap, so a poison item that kills every worker still ends.
    /// Queued again at once: the wait for the lease (or the silent holder) was the delay already.
    /// </summary>
    /// <param name="errorClass">Why it was lost: <see cref="ErrorClasses.Lost"/> (silent), or <see cref="ErrorClasses.Restart"/>.</param>
    public async Task LoseAttemptAsync(BehaviorContext<WorkItemState> context, string cause, string why, string errorClass = ErrorClasses.Lost)
    {
        var item = context.Saga;
        items.Metrics.Reclaimed(cause);
        item.LostAttempts++;
        if (item.LostAttempts < items.Leases.MaxLostAttempts)
        {
            await EndAttemptAsync(context, new AttemptEnding(AttemptOutcomes.Lost, items.Now, ErrorClass: errorClass, Message: why));
            await ToQueuedAsync(context, notBefore: null);
            return;
        }
        await EndAttemptAsync(context, new AttemptEnding(AttemptOutcomes.Lost, items.Now, ErrorClass: ErrorClasses.LostTooOften,
            Message: $"{why}; the item was lost {item.LostAttempts} times (the cap is {items.Leases.MaxLostAttempts}), so it fails"));
        await LeaveRunningAsync(context, machine.Failed);
    }

    /// <summary>A failure that another attempt would only repeat (the agent gave up, a budget ran out): the item fails now.</summary>
    public async Task FailItemAsync(BehaviorContext<WorkItemState> context, AttemptEnding ending)
    {
        await EndAttemptAsync(context, ending);
        context.Saga.Failures++;
        await LeaveRunningAsync(context, machine.Failed);
    }

    /// <summary>Hands the item back without counting a failure.</summary>
    public async Task ReleaseAttemptAsync(BehaviorContext<WorkItemState> context, AttemptEnding ending)
    {
        await EndAttemptAsync(context, ending);
        await ToQueuedAsync(context, notBefore: null);
    }

    public async Task EndAttemptAsync(BehaviorContext<WorkItemState> context, AttemptEnding ending)
    {
        var item = context.Saga;
        var facts = await items.Journals.For(context).AttemptFactsAsync(item.CorrelationId, item.Attempt);
        await items.Journals.For(context).EndAttemptAsync(item.CorrelationId, item.Attempt, ending);
        items.Metrics.AttemptEnded(item.Pool, item.CorrelationId, item.Attempt, ending, facts);
    }

    public Task ToQueuedAsync(BehaviorContext<WorkItemState> context, DateTimeOffset? notBefore)
    {
        context.Saga.NotBefore = notBefore;
        return LeaveRunningAsync(context, machine.Queued);
    }

    public async Task LeaveRunningAsync(BehaviorContext<WorkItemState> context, State next)
    {
        var item = context.Saga;
        item.Holder = null;
        item.LeaseExpiresAt = null;
        item.UpdatedAt = items.Now;
        items.Metrics.ItemMoved(item.Pool, next.Name);
        await context.TransitionToState(next);
        if (WorkItemStates.IsFinished(next.Name))
            await items.ItemFinishedAsync(context, item.CorrelationId, next.Name);
        // In the same transaction: a pipeline's next step is made with the end of the one before.
        if (items.Pipelines is { } pipelines)
            await pipelines.ItemMovedAsync(context, item, next.Name, items.Now);
    }
}
