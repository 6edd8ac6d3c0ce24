using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;

namespace Stamina.Coordinator.WorkItems.Transitions;

/// <summary>Results: accepted only under the current token while the item runs; anything else is stale.</summary>
public sealed class CompletionTransitions(WorkItemStateMachine machine, WorkItemContext items)
{
    static readonly TimeSpan LongestRest = TimeSpan.FromDays(7);

    readonly ItemMoves moves = new(machine, items);

    public async Task Accept(BehaviorContext<WorkItemState, CompleteAttempt> context)
    {
        var item = context.Saga;
        var message = context.Message;
        if (message.Attempt != item.Attempt)
        {
            await RejectStale(context);
            return;
        }

        var now = items.Now;
        var ending = new AttemptEnding(AttemptOutcomes.Of(message.Outcome), now, message.ExitCode, message.ErrorClass, message.Message, message.Result?.Branch)
        {
            Progress = message.Progress,
            Result = message.Result,
            AccountLimitedUntil = message.AccountLimitedUntil,
        };
        if (message.Progress is { } progress)
            items.Metrics.AgentUsage(item.Pool, progress);
        switch (message.Outcome)
        {
            case AttemptOutcome.Succeeded:
                await moves.EndAttemptAsync(context, ending);
                await items.Journals.For(context).SaveResultAsync(item.CorrelationId, item.Attempt, message.Result ?? new AttemptResult(), message.ExitCode, now);
                await moves.LeaveRunningAsync(context, machine.Succeeded);
                break;
            case AttemptOutcome.Released:
                if (message.ErrorClass == ErrorClasses.UsageLimit && message.Account is { } account)
                {
                    // A reset more than a week out is a misread date, not a limit: rest a week at most.
                    var until = message.AccountLimitedUntil ?? now + items.Leases.UsageLimitBackoff;
                    if (until > now + LongestRest)
                        until = now + LongestRest;
                    await items.Journals.For(context).LimitAccountAsync(account, until, message.Message, now);
                    items.Metrics.AccountLimited(account);
                }
                await moves.ReleaseAttemptAsync(context, ending);
                break;
            default:
                if (PermanentFailures.Includes(message.ErrorClass))
                    await moves.FailItemAsync(context, ending);
                else
                    await moves.FailAttemptAsync(context, ending);
                break;
        }
        await context.RespondAsync(new CompletionAccepted { WorkItemId = item.CorrelationId, Attempt = message.Attempt, State = item.CurrentState });
    }

    public async Task RejectStale(BehaviorContext<WorkItemState, CompleteAttempt> context)
    {
        var item = context.Saga;
        var message = context.Message;
        var reason = message.Attempt == item.Attempt ? $"item is {item.CurrentState}" : $"attempt {item.Attempt} is current";
        await items.RecordStaleAsync(context, item.CorrelationId, message.Attempt, "result", message.Worker, $"{message.Outcome}: {reason}");
        await context.RespondAsync(new CompletionRejected { WorkItemId = item.CorrelationId, Attempt = message.Attempt, Reason = reason });
    }
}
