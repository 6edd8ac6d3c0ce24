using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.WorkItems.Proofs;

namespace Stamina.Coordinator.WorkItems.Transitions;

/// <summary>
/// Claims: the token in the message must be the next attempt of a queued item. A redelivered message
/// for a running item means its holder's connection died: the claim is taken over once the holder
/// has been silent for about one heartbeat interval, or sooner when the broker shows its process dead.
/// </summary>
public sealed class ClaimTransitions(WorkItemStateMachine machine, WorkItemContext items)
{
    readonly ItemMoves moves = new(machine, items);

    public async Task Grant(BehaviorContext<WorkItemState, ClaimWorkItem> context)
    {
        if (context.Message.Attempt != context.Saga.Attempt + 1)
        {
            await RejectAsync(context, "stale token");
            return;
        }
        await GrantNextAttemptAsync(context);
    }

    public async Task TakeOverOrReject(BehaviorContext<WorkItemState, ClaimWorkItem> context)
    {
        var item = context.Saga;
        var claim = context.Message;
        var now = items.Now;
        if (claim.Attempt == item.Attempt && claim.Worker.Name == item.Holder)
        {
            if (!claim.Redelivered)
            {
                // The holder asks again for the claim it was granted: our answer was lost. Same token, same grant.
                await RenewGrantAsync(context);
                return;
            }
            // The holder restarted and its delivery came back to it: the old attempt is over, not failed. It counts as
            // lost all the same: a poison item that kills its worker every time must still end at the lost cap.
            await moves.LoseAttemptAsync(context, "restart", $"{item.Holder} restarted and took its item back", ErrorClasses.Restart);
            if (item.CurrentState == machine.Failed.Name)
                await RejectAsync(context, "lost too often");
            else
                await GrantNextAttemptAsync(context);
            return;
        }
        if (!claim.Redelivered || claim.Attempt != item.Attempt)
        {
            await RejectAsync(context, "already running");
            return;
        }

        // Silence counts only while the coordinator could hear, and after an outage (a broker restart redelivers every
        // held message at once) every holder gets a full lease period and the time to reconnect, as the reaper gives it.
        var silentSince = items.Hearing.SilenceCountsFrom(item.LastHeartbeatAt ?? item.UpdatedAt);
        var takeoverAt = silentSince + items.Leases.TakeoverAfter;
        if (items.Hearing.JudgesFrom is var recovered && recovered > takeoverAt)
            takeoverAt = recovered;
        var why = $"{item.Holder} went silent; taken over by {claim.Worker.Name}";
        if (now < takeoverAt)
        {
            // Sooner only when the broker shows the holder's process dead, and never while hearing rules say wait.
            var verdict = await JudgeHolderAsync(context, now);
            if (!verdict.Dead)
            {
                await RejectHeldAsync(context, takeoverAt - now, verdict.AskAgainIn);
                return;
            }
            why = $"{item.Holder}'s connections closed; taken over by {claim.Worker.Name}";
        }

        await moves.LoseAttemptAsync(context, "redelivery", why);
        if (item.CurrentState == machine.Failed.Name)
        {
            await RejectAsync(context, "lost too often");
            return;
        }
        await GrantNextAttemptAsync(context);
    }

    /// <summary>Asks the broker about the holder's process, when it can be asked: its run is known and leases may be judged now.</summary>
    async Task<HolderVerdict> JudgeHolderAsync(BehaviorContext<WorkItemState, ClaimWorkItem> context, DateTimeOffset now)
    {
        var item = context.Saga;
        if (items.DeadHolders is not { } judge || item.Holder is not { } holder || now < items.Hearing.JudgesFrom)
            return HolderVerdict.Undecided;
        if (await items.Journals.For(context).AttemptRunAsync(item.CorrelationId, item.Attempt) is not { } run)
            return HolderVerdict.Undecided;
        return await judge.JudgeAsync(item.CorrelationId, item.Attempt, holder, run);
    }

    /// <param name="untilTakeover">Until the silence rule would take over.</param>
    /// <param name="askAgainIn">Sooner, to look at the holder's queues again; null: at the takeover.</param>
    Task RejectHeldAsync(BehaviorContext<WorkItemState, ClaimWorkItem> context, TimeSpan untilTakeover, TimeSpan? askAgainIn)
    {
        // While we cannot hear there is no time to name (JudgesFrom is the end of time): ask again after the
        // longest wait hearing could need; otherwise that bound is never reached.
        var longest = items.Leases.LeaseDuration + items.Leases.ReconnectAllowance;
        var retryAfter = untilTakeover < longest ? untilTakeover : longest;
        if (askAgainIn < retryAfter)
            retryAfter = askAgainIn.Value;
        return items.Answers.AnswerAsync(context, new ClaimRejected
        {
            WorkItemId = context.Saga.CorrelationId,
            Attempt = context.Message.Attempt,
            Reason = "held by a live worker",
            RetryAfter = retryAfter + TimeSpan.FromMilliseconds(100),
        });
    }

    async Task RenewGrantAsync(BehaviorContext<WorkItemState, ClaimWorkItem> context)
    {
        var item = context.Saga;
        var now = items.Now;
        item.LeaseExpiresAt = now + items.Leases.LeaseDuration;
        item.LastHeartbeatAt = now;
        item.UpdatedAt = now;
        // Only the hash is kept, so the lost secret cannot be sent again: the holder gets a new one.
        var (secret, hash) = AttemptSecrets.Issue();
        await items.Journals.For(context).ReplaceSecretAsync(item.CorrelationId, item.Attempt, hash);
        await items.Answers.AnswerAsync(context, new ClaimGranted
        {
            WorkItemId = item.CorrelationId,
            Attempt = item.Attempt,
            Secret = secret,
            LeaseExpiresAt = item.LeaseExpiresAt.Value,
            LeaseDuration = items.Leases.LeaseDuration,
            TakeoverAfter = items.Leases.TakeoverAfter,
            Resume = await items.Journals.For(context).LatestCheckpointAsync(item.CorrelationId),
        });
    }

    /// <summary>Only the message for the next attempt matters; an old one was replaced already.</summary>
    public void Decline(BehaviorContext<WorkItemState, DeclineWorkItem> context)
    {
        if (context.Message.Attempt == context.Saga.Attempt + 1)
            context.Saga.RepublishNow = true;
    }

    public Task Reject(BehaviorContext<WorkItemState, ClaimWorkItem> context) =>
        RejectAsync(context, $"item is {context.Saga.CurrentState}");

    /// <summary>
    /// Grants the next attempt, unless a dispatch hold covers the item now (its message was in the queue before the
    /// pause or the cap: it waits, and is published again when the hold ends), or the worker's account is known to be
    /// limited or held (a spend cap, a breaker): that worker has not heard of it yet, and another account takes the
    /// item at once.
    /// </summary>
    async Task GrantNextAttemptAsync(BehaviorContext<WorkItemState, ClaimWorkItem> context)
    {
        var now = items.Now;
        var item = context.Saga;
        if (await items.Journals.For(context).WorkerDrainedAsync(context.Message.Worker.Name))
        {
            // Drained by an operator (its drain message may have been lost): no penalty, the item goes to another worker.
            item.RepublishNow = true;
            items.Metrics.ClaimRejected("worker drained");
            await items.Answers.AnswerAsync(context, new ClaimRejected
            {
                WorkItemId = item.CorrelationId,
                Attempt = context.Message.Attempt,
                Reason = $"worker {context.Message.Worker.Name} is drained",
                WorkerDrained = true,
            });
            return;
        }
        if (items.Gates is { } gates && await gates.HeldAsync(context, item) is { } held)
        {
            item.RepublishNow = true;
            await RejectAsync(context, held.Detail, metricReason: "held");
            return;
        }
        // A half-open breaker's probe: the hold lets one through, and the claim makes sure it is one (row-locked).
        if (await RepoBreakerGate.RefusalAsync(items.Journals.For(context).Breakers, items.Breakers.Settings, item.CorrelationId, now) is { } repoHeld)
        {
            item.RepublishNow = true;
            await RejectAsync(context, repoHeld, metricReason: "breaker");
            return;
        }
        if (context.Message.Worker.Account is { } account && await AccountRestsUntilAsync(context, account, now) is { } rest)
        {
            item.RepublishNow = true;
            items.Metrics.ClaimRejected("account limited");
            await items.Answers.AnswerAsync(context, new ClaimRejected
            {
                WorkItemId = item.CorrelationId,
                Attempt = context.Message.Attempt,
                Reason = rest.Reason,
                AccountLimitedUntil = rest.Until,
            });
            return;
        }
        items.Metrics.ClaimGranted(item.Pool, Later(item.UpdatedAt, item.NotBefore), context.SentTime, now);
        item.Attempt++;
        item.Holder = context.Message.Worker.Name;
        item.LeaseExpiresAt = now + items.Leases.LeaseDuration;
        item.LastHeartbeatAt = now;
        item.NotBefore = null;
        item.UpdatedAt = now;
        var (secret, hash) = AttemptSecrets.Issue();
        await items.Journals.For(context).StartAttemptAsync(item.CorrelationId, item.Attempt, context.Message.Worker, hash, now);
        await context.TransitionToState(machine.Running);
        await items.Answers.AnswerAsync(context, new ClaimGranted
        {
            WorkItemId = item.CorrelationId,
            Attempt = item.Attempt,
            Secret = secret,
            LeaseExpiresAt = item.LeaseExpiresAt.Value,
            LeaseDuration = items.Leases.LeaseDuration,
            TakeoverAfter = items.Leases.TakeoverAfter,
            Resume = await items.Journals.For(context).LatestCheckpointAsync(item.CorrelationId),
        });
    }

    /// <summary>The usage limit first (it ends when the agent said), then the account holds (a spend cap, a breaker).</summary>
    async Task<(DateTimeOffset Until, string Reason)?> AccountRestsUntilAsync(BehaviorContext<WorkItemState, ClaimWorkItem> context, string account,
        DateTimeOffset now)
    {
        if (await items.Journals.For(context).AccountLimitedUntilAsync(account) is { } until && until > now)
            return (until, $"account {account} is limited until {until:O}");
        if (items.Gates is { } gates && await gates.AccountHoldAsync(context, account, now) is { } hold && hold.Until > now)
            return (hold.Until, hold.Reason.Detail);
        return null;
    }

    static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b > a ? b.Value : a;

    Task RejectAsync(BehaviorContext<WorkItemState, ClaimWorkItem> context, string reason, string? metricReason = null)
    {
        items.Metrics.ClaimRejected(metricReason ?? reason);
        return items.Answers.AnswerAsync(context, new ClaimRejected
        {
            WorkItemId = context.Saga.CorrelationId,
            Attempt = context.Message.Attempt,
            Reason = reason,
        });
    }
}
