using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.WorkItems.Transitions;

public sealed class LeaseTransitions(WorkItemStateMachine machine, WorkItemContext items)
{
    readonly ItemMoves moves = new(machine, items);

    public async Task Renew(BehaviorContext<WorkItemState, RenewLease> context)
    {
        var item = context.Saga;
        if (context.Message.Attempt != item.Attempt)
        {
            await Refuse(context);
            return;
        }
        var now = items.Now;
        item.LastHeartbeatAt = now;
        item.LeaseExpiresAt = now + items.Leases.LeaseDuration;
        item.UpdatedAt = now;
        if (context.Message.Progress is not null || context.Message.Checkpoint is not null)
            await items.Journals.For(context).RecordProgressAsync(item.CorrelationId, item.Attempt, context.Message.Progress, context.Message.Checkpoint);
        await context.RespondAsync(new LeaseRenewed
        {
            WorkItemId = item.CorrelationId,
            Attempt = item.Attempt,
            LeaseExpiresAt = item.LeaseExpiresAt.Value,
            LeaseDuration = items.Leases.LeaseDuration,
            TakeoverAfter = items.Leases.TakeoverAfter,
        });
    }

    /// <summary>A heartbeat under a token that is not current: recorded as stale, answered with lease lost.</summary>
    public async Task Refuse(BehaviorContext<WorkItemState, RenewLease> context)
    {
        var item = context.Saga;
        var message = context.Message;
        var reason = message.Attempt == item.Attempt ? $"item is {item.CurrentState}" : $"attempt {item.Attempt} is current";
        await items.RecordStaleAsync(context, item.CorrelationId, message.Attempt, "heartbeat", message.Worker, reason);
        await context.RespondAsync(new LeaseLost { WorkItemId = item.CorrelationId, Attempt = message.Attempt, Reason = reason });
    }

    /// <summary>The reaper saw the deadline pass; re-checked here under the row lock.</summary>
    public async Task Expire(BehaviorContext<WorkItemState, ExpireLease> context)
    {
        var item = context.Saga;
        var now = items.Now;
        if (context.Message.Attempt != item.Attempt || item.LeaseExpiresAt > now)
            return;
        await moves.LoseAttemptAsync(context, "lease", $"lease of {item.Holder} expired at {item.LeaseExpiresAt:O}");
    }
}
