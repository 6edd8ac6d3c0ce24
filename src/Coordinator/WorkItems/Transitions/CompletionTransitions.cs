using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Pipelines;
using Stamina.Coordinator.WorkItems.Proofs;
using Stamina.ServiceDefaults.Telemetry;

namespace Stamina.Coordinator.WorkItems.Transitions;

/// <summary>
/// Results: accepted only from the holder (its name and secret) under the current token while the item runs.
/// Without that proof a result is forged; from the holder under an old token, or for an item that no longer runs, stale.
/// </summary>
public sealed class CompletionTransitions(WorkItemStateMachine machine, WorkItemContext items)
{
    /// <summary>A reset more than a week out is a misread date (or a lie), not a limit: an account rests a week at most.</summary>
    static readonly TimeSpan LongestRest = TimeSpan.FromDays(7);

    readonly ItemMoves moves = new(machine, items);

    public async Task Accept(BehaviorContext<WorkItemState, CompleteAttempt> context)
    {
        var item = context.Saga;
        var message = context.Message;
        if (await RefusedForgedAsync(context))
            return;
        if (message.Attempt != item.Attempt)
        {
            await RefuseStaleAsync(context);
            return;
        }

        using var span = StaminaActivities.Source.StartActivity(StaminaActivities.Result);
        span?.SetTag(StaminaActivities.ItemId, item.CorrelationId).SetTag(StaminaActivities.Attempt, message.Attempt)
            .SetTag(StaminaActivities.Pool, item.Pool).SetTag(StaminaActivities.Outcome, message.Outcome.ToString());
        var now = items.Now;
        var ending = new AttemptEnding(AttemptOutcomes.Of(message.Outcome), now, message.ExitCode, message.ErrorClass, message.Message, message.Result?.Branch)
        {
            Progress = items.Prices?.Priced(message.Progress) ?? message.Progress,
            Result = message.Result,
            AccountLimitedUntil = message.AccountLimitedUntil,
            HookOutput = message.HookOutput,
        };
        if (message.Outcome == AttemptOutcome.Succeeded && items.Pipelines is { } pipelines && await pipelines.IsReviewerAsync(context, item.CorrelationId))
        {
            var (verdict, problem) = VerdictCheck.Of(message.Verdict);
            ending = problem is null
                ? ending with { Verdict = verdict }
                : ending with { Outcome = AttemptOutcomes.Failed, ErrorClass = ErrorClasses.InvalidVerdict, Message = problem };
        }
        switch (message.Outcome)
        {
            case AttemptOutcome.Succeeded when ending.ErrorClass == ErrorClasses.InvalidVerdict:
                await moves.FailAttemptAsync(context, ending);
                break;
            case AttemptOutcome.Succeeded:
                await moves.EndAttemptAsync(context, ending);
                await items.Journals.For(context).SaveResultAsync(item.CorrelationId, item.Attempt, message.Result ?? new AttemptResult(), message.ExitCode, now);
                await moves.LeaveRunningAsync(context, machine.Succeeded);
                break;
            case AttemptOutcome.Released:
                if (message.ErrorClass == ErrorClasses.UsageLimit)
                    await LimitHoldersAccountAsync(context, now);
                await moves.ReleaseAttemptAsync(context, ending);
                break;
            default:
                if (PermanentFailures.Includes(message.ErrorClass))
                    await moves.FailItemAsync(context, ending);
                else
                    await moves.FailAttemptAsync(context, ending);
                break;
        }
        // In this transaction: a crash cannot lose the failure, and a redelivered result is refused as stale above.
        await items.Breakers.RecordAsync(items.Journals.For(context).Breakers, item.CorrelationId, message.Attempt, ending, now);
        await items.Answers.AnswerAsync(context, new CompletionAccepted { WorkItemId = item.CorrelationId, Attempt = message.Attempt, State = item.CurrentState });
    }

    /// <summary>A result for an item that does not run: refused, as forged or as stale.</summary>
    public async Task RejectStale(BehaviorContext<WorkItemState, CompleteAttempt> context)
    {
        if (!await RefusedForgedAsync(context))
            await RefuseStaleAsync(context);
    }

    /// <summary>
    /// The account rests only when it is the one the attempt was claimed with (never one the message names), so a
    /// holder can rest its own account and no other; from the reported reset time, capped.
    /// </summary>
    async Task LimitHoldersAccountAsync(BehaviorContext<WorkItemState, CompleteAttempt> context, DateTimeOffset now)
    {
        var message = context.Message;
        if (await items.Journals.For(context).AttemptHolderAsync(context.Saga.CorrelationId, message.Attempt) is not { Account: { } account })
            return;
        var until = message.AccountLimitedUntil ?? now + items.Leases.UsageLimitBackoff;
        if (until > now + LongestRest)
            until = now + LongestRest;
        if (until <= now)
            return;
        await items.Journals.For(context).LimitAccountAsync(account, until, message.Message, now);
        items.Metrics.AccountLimited(account);
    }

    /// <summary>A result without proof of the holder changes nothing: recorded as forged. True when it was refused.</summary>
    async Task<bool> RefusedForgedAsync(BehaviorContext<WorkItemState, CompleteAttempt> context)
    {
        var item = context.Saga;
        var message = context.Message;
        if (await items.DisproveAsync(context, item.CorrelationId, message.Attempt, message.Worker, message.Secret) is not { } forged)
            return false;
        await items.RecordForgedAsync(context, item.CorrelationId, message.Attempt, ReportKinds.Result, message.Worker, $"{message.Outcome}: {forged}");
        await items.Answers.AnswerAsync(context, new CompletionRejected { WorkItemId = item.CorrelationId, Attempt = message.Attempt, Reason = forged });
        return true;
    }

    async Task RefuseStaleAsync(BehaviorContext<WorkItemState, CompleteAttempt> context)
    {
        var item = context.Saga;
        var message = context.Message;
        var reason = message.Attempt == item.Attempt ? $"item is {item.CurrentState}" : $"attempt {item.Attempt} is current";
        await items.RecordStaleAsync(context, item.CorrelationId, message.Attempt, ReportKinds.Result, message.Worker, $"{message.Outcome}: {reason}");
        await items.Answers.AnswerAsync(context, new CompletionRejected { WorkItemId = item.CorrelationId, Attempt = message.Attempt, Reason = reason });
    }
}
