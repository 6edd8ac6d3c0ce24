using MassTransit;
using Stamina.Coordinator.Journal;

namespace Stamina.Coordinator.WorkItems.Transitions;

/// <summary>The moves out of Running that several events share: end the attempt, then retry, requeue or finish.</summary>
public sealed class ItemMoves(WorkItemStateMachine machine, WorkItemContext items)
{
    /// <summary>
    /// Counts a failed attempt; retries while attempts remain, otherwise fails the item. A lost attempt
    /// (its worker died or froze) is retried at once: the wait for its lease was the delay already.
    /// </summary>
    public async Task FailAttemptAsync(BehaviorContext<WorkItemState> context, AttemptEnding ending)
    {
        var item = context.Saga;
        await items.Journals.For(context).EndAttemptAsync(item.CorrelationId, item.Attempt, ending);
        items.Metrics.AttemptEnded(item.Pool, ending.Outcome);
        item.Failures++;
        if (item.Failures < item.MaxAttempts)
            await ToQueuedAsync(context, ending.Outcome == "lost" ? null : items.Now + items.Leases.RetryDelay(item.Failures));
        else
            await LeaveRunningAsync(context, machine.Failed);
    }

    /// <summary>A failure that another attempt would only repeat (the agent gave up, a budget ran out): the item fails now.</summary>
    public async Task FailItemAsync(BehaviorContext<WorkItemState> context, AttemptEnding ending)
    {
        var item = context.Saga;
        await items.Journals.For(context).EndAttemptAsync(item.CorrelationId, item.Attempt, ending);
        items.Metrics.AttemptEnded(item.Pool, ending.Outcome);
        item.Failures++;
        await LeaveRunningAsync(context, machine.Failed);
    }

    /// <summary>Hands the item back without counting a failure.</summary>
    public async Task ReleaseAttemptAsync(BehaviorContext<WorkItemState> context, AttemptEnding ending)
    {
        var item = context.Saga;
        await items.Journals.For(context).EndAttemptAsync(item.CorrelationId, item.Attempt, ending);
        items.Metrics.AttemptEnded(item.Pool, ending.Outcome);
        await ToQueuedAsync(context, notBefore: null);
    }

    public Task ToQueuedAsync(BehaviorContext<WorkItemState> context, DateTimeOffset? notBefore)
    {
        context.Saga.NotBefore = notBefore;
        return LeaveRunningAsync(context, machine.Queued);
    }

    public Task LeaveRunningAsync(BehaviorContext<WorkItemState> context, State next)
    {
        var item = context.Saga;
        item.Holder = null;
        item.LeaseExpiresAt = null;
        item.UpdatedAt = items.Now;
        return context.TransitionToState(next);
    }
}
