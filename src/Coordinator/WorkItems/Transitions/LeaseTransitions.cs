using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.Coordinator.WorkItems.Proofs;

namespace Stamina.Coordinator.WorkItems.Transitions;

public sealed class LeaseTransitions(WorkItemStateMachine machine, WorkItemContext items)
{
    readonly ItemMoves moves = new(machine, items);

    /// <summary>Renews the lease of the current attempt's holder; anything else is refused.</summary>
    public async Task Renew(BehaviorContext<WorkItemState, RenewLease> context)
    {
        var item = context.Saga;
        if (await RefusedForgedAsync(context))
            return;
        if (context.Message.Attempt != item.Attempt)
        {
            await RefuseStaleAsync(context);
            return;
        }
        var now = items.Now;
        item.LastHeartbeatAt = now;
        item.LeaseExpiresAt = now + items.Leases.LeaseDuration;
        item.UpdatedAt = now;
        var progress = items.Prices?.Priced(context.Message.Progress) ?? context.Message.Progress;
        if (progress is not null)
            items.Metrics.AgentProgress(item.Pool, item.CorrelationId, item.Attempt, await items.Journals.For(context).AttemptFactsAsync(item.CorrelationId, item.Attempt), progress);
        if (progress is not null || context.Message.Checkpoint is not null)
            await items.Journals.For(context).RecordProgressAsync(item.CorrelationId, item.Attempt, progress, context.Message.Checkpoint);
        await items.Answers.AnswerAsync(context, new LeaseRenewed
        {
            WorkItemId = item.CorrelationId,
            Attempt = item.Attempt,
            LeaseExpiresAt = item.LeaseExpiresAt.Value,
            LeaseDuration = items.Leases.LeaseDuration,
            TakeoverAfter = items.Leases.TakeoverAfter,
        });
    }

    /// <summary>A heartbeat for an item that does not run: refused, as forged or as stale.</summary>
    public async Task Refuse(BehaviorContext<WorkItemState, RenewLease> context)
    {
        if (!await RefusedForgedAsync(context))
            await RefuseStaleAsync(context);
    }

    /// <summary>
    /// A heartbeat without proof of the holder keeps no lease alive and records no progress: recorded as forged and
    /// answered with lease lost (the answer goes to the forger). True when it was refused.
    /// </summary>
    async Task<bool> RefusedForgedAsync(BehaviorContext<WorkItemState, RenewLease> context)
    {
        var item = context.Saga;
        var message = context.Message;
        if (await items.DisproveAsync(context, item.CorrelationId, message.Attempt, message.Worker, message.Secret) is not { } forged)
            return false;
        await items.RecordForgedAsync(context, item.CorrelationId, message.Attempt, ReportKinds.Heartbeat, message.Worker, forged);
        await items.Answers.AnswerAsync(context, new LeaseLost { WorkItemId = item.CorrelationId, Attempt = message.Attempt, Reason = forged });
        return true;
    }

    /// <summary>A heartbeat from the holder under a token that is not current: recorded as stale, answered with lease lost.</summary>
    async Task RefuseStaleAsync(BehaviorContext<WorkItemState, RenewLease> context)
    {
        var item = context.Saga;
        var message = context.Message;
        var reason = message.Attempt == item.Attempt ? $"item is {item.CurrentState}" : $"attempt {item.Attempt} is current";
        await items.RecordStaleAsync(context, item.CorrelationId, message.Attempt, ReportKinds.Heartbeat, message.Worker, reason);
        await items.Answers.AnswerAsync(context, new LeaseLost { WorkItemId = item.CorrelationId, Attempt = message.Attempt, Reason = reason });
    }

    /// <summary>
    /// The reaper saw the deadline pass; re-checked here under the row lock, and against hearing: a judgement that
    /// waited in the broker through an outage is no judgement (the reaper judges again once it may).
    /// </summary>
    public async Task Expire(BehaviorContext<WorkItemState, ExpireLease> context)
    {
        var item = context.Saga;
        var now = items.Now;
        if (context.Message.Attempt != item.Attempt || item.LeaseExpiresAt > now || !items.Hearing.CanJudge)
            return;
        await moves.LoseAttemptAsync(context, "lease", $"lease of {item.Holder} expired at {item.LeaseExpiresAt:O}");
    }
}
