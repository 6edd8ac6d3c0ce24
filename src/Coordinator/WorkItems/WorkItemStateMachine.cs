using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Answers;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.Coordinator.WorkItems.Transitions;

namespace Stamina.Coordinator.WorkItems;

/// <summary>
/// The work-item lifecycle. Every event is handled in every state, explicitly: a message that does not
/// fit the item's state or token is answered (rejected, lease lost, stale) and changes nothing.
/// </summary>
public sealed class WorkItemStateMachine : MassTransitStateMachine<WorkItemState>
{
    public WorkItemStateMachine(WorkItemContext items)
    {
        InstanceState(x => x.CurrentState);
        ConfigureEvents(items.Answers);

        var claims = new ClaimTransitions(this, items);
        var leases = new LeaseTransitions(this, items);
        var completions = new CompletionTransitions(this, items);
        var commands = new OperatorTransitions(this, items);

        // No event creates an item: the API writes new items itself (ItemCreator), so no broker message can make one.
        During(Queued, When(ClaimRequested).ThenAsync(claims.Grant));
        During(Running, When(ClaimRequested).ThenAsync(claims.TakeOverOrReject));
        During(Finished, When(ClaimRequested).ThenAsync(claims.Reject));
        During(Pending, When(ClaimRequested).ThenAsync(claims.Reject));
        During(Pending, Ignore(Declined));
        During(Queued, When(Declined).Then(claims.Decline));
        During(Running, Ignore(Declined));
        During(Finished, Ignore(Declined));

        During(Running,
            When(LeaseRenewalRequested).ThenAsync(leases.Renew),
            When(LeaseExpiryDetected).ThenAsync(leases.Expire),
            When(CompletionReported).ThenAsync(completions.Accept));
        During(Queued,
            When(LeaseRenewalRequested).ThenAsync(leases.Refuse),
            Ignore(LeaseExpiryDetected),
            When(CompletionReported).ThenAsync(completions.RejectStale));
        During(Finished,
            When(LeaseRenewalRequested).ThenAsync(leases.Refuse),
            Ignore(LeaseExpiryDetected),
            When(CompletionReported).ThenAsync(completions.RejectStale));
        During(Pending,
            When(LeaseRenewalRequested).ThenAsync(leases.Refuse),
            Ignore(LeaseExpiryDetected),
            When(CompletionReported).ThenAsync(completions.RejectStale));

        During(Open, When(CancelRequested).ThenAsync(commands.Cancel));
        During(Finished, When(CancelRequested).ThenAsync(commands.RefuseCancel));
        During(Failed, Cancelled, When(RetryRequested).ThenAsync(commands.Retry));
        During(Open, When(RetryRequested).ThenAsync(commands.RefuseRetry));
        During(Succeeded, Skipped, When(RetryRequested).ThenAsync(commands.RefuseRetry));
    }

    /// <summary>Waits for its dependencies; released (to Queued) or skipped by <see cref="Dependencies.DependencyResolver"/>.</summary>
    public State Pending { get; private set; } = null!;
    public State Queued { get; private set; } = null!;
    public State Running { get; private set; } = null!;
    public State Succeeded { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;
    public State Skipped { get; private set; } = null!;

    public Event<ClaimWorkItem> ClaimRequested { get; private set; } = null!;
    public Event<DeclineWorkItem> Declined { get; private set; } = null!;
    public Event<RenewLease> LeaseRenewalRequested { get; private set; } = null!;
    public Event<CompleteAttempt> CompletionReported { get; private set; } = null!;
    public Event<ExpireLease> LeaseExpiryDetected { get; private set; } = null!;
    public Event<CancelWorkItem> CancelRequested { get; private set; } = null!;
    public Event<RetryWorkItem> RetryRequested { get; private set; } = null!;

    State[] Open => [Pending, Queued, Running];
    State[] Finished => [Succeeded, Failed, Cancelled, Skipped];

    void ConfigureEvents(Answerer answers)
    {
        Event(() => ClaimRequested, e =>
        {
            e.CorrelateById(m => m.Message.WorkItemId);
            e.OnMissingInstance(m => m.ExecuteAsync(c => answers.AnswerAsync(c, new ClaimRejected
            {
                WorkItemId = c.Message.WorkItemId,
                Attempt = c.Message.Attempt,
                Reason = "unknown item",
            })));
        });
        Event(() => Declined, e =>
        {
            e.CorrelateById(m => m.Message.WorkItemId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => LeaseRenewalRequested, e =>
        {
            e.CorrelateById(m => m.Message.WorkItemId);
            e.OnMissingInstance(m => m.ExecuteAsync(c => answers.AnswerAsync(c, new LeaseLost
            {
                WorkItemId = c.Message.WorkItemId,
                Attempt = c.Message.Attempt,
                Reason = "unknown item",
            })));
        });
        Event(() => CompletionReported, e =>
        {
            e.CorrelateById(m => m.Message.WorkItemId);
            e.OnMissingInstance(m => m.ExecuteAsync(c => answers.AnswerAsync(c, new CompletionRejected
            {
                WorkItemId = c.Message.WorkItemId,
                Attempt = c.Message.Attempt,
                Reason = "unknown item",
            })));
        });
        Event(() => LeaseExpiryDetected, e =>
        {
            e.CorrelateById(m => m.Message.WorkItemId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => CancelRequested, e =>
        {
            e.CorrelateById(m => m.Message.WorkItemId);
            e.OnMissingInstance(m => m.ExecuteAsync(c => answers.AnswerAsync(c, NotFound(c.Message.WorkItemId))));
        });
        Event(() => RetryRequested, e =>
        {
            e.CorrelateById(m => m.Message.WorkItemId);
            e.OnMissingInstance(m => m.ExecuteAsync(c => answers.AnswerAsync(c, NotFound(c.Message.WorkItemId))));
        });
    }

    static WorkItemCommandResult NotFound(Guid id) => new() { WorkItemId = id, Found = false, Reason = "unknown item" };
}
