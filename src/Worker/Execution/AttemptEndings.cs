using Stamina.Contracts;
using Stamina.Worker.Agents;
using Stamina.Worker.Hooks;
using Stamina.Worker.Processes;
using Stamina.Worker.Processes.Cgroups;

namespace Stamina.Worker.Execution;

/// <summary>Builds the <see cref="CompleteAttempt"/> for each way an attempt can end.</summary>
public sealed class AttemptEndings(ExecuteWorkItem item, int attempt, string worker, string? account)
{
    const int MessageLength = 4000;
    const int SummaryLength = 2000;

    public CompleteAttempt Finished(ChildProcessResult outcome, AttemptResult result)
    {
        var completion = Base with
        {
            ExitCode = outcome.KilledByUs ? null : outcome.ExitCode,
            Result = result with { Summary = Tail(outcome.StandardOutputTail, SummaryLength) },
        };
        if (outcome.TimedOut)
            return completion with { Outcome = AttemptOutcome.TimedOut, ErrorClass = ErrorClasses.Timeout, Message = $"killed after its timeout of {item.Timeout}" };
        if (outcome.ExitCode != 0)
            return completion with { Outcome = AttemptOutcome.Failed, ErrorClass = ErrorClasses.Exit, Message = Tail(outcome.StandardErrorTail, MessageLength) };
        return completion with { Outcome = AttemptOutcome.Succeeded };
    }

    /// <summary>A limit of the attempt's cgroup ended the command: the item's own failure (its command wanted more than it may have).</summary>
    public CompleteAttempt OverLimit(CgroupBreach breach, ChildProcessResult outcome, AttemptResult result) =>
        Base with
        {
            Outcome = AttemptOutcome.Failed,
            ErrorClass = ErrorClasses.ResourceLimit,
            // The breach first and whole; what the command said last after it.
            Message = $"{breach.Message}\n{Tail(outcome.StandardErrorTail, Math.Max(0, MessageLength - breach.Message.Length - 1))}".TrimEnd(),
            Result = result with { Summary = Tail(outcome.StandardOutputTail, SummaryLength) },
        };

    /// <summary>An agent's ending, classified from its event stream and exit.</summary>
    public CompleteAttempt FromAgent(AgentEnding ending, SupervisedRun run, AttemptResult result, AgentProgress progress, string? finalText,
        DateTimeOffset? accountLimitedUntil)
    {
        var completion = Base with
        {
            ExitCode = run.Result.KilledByUs ? null : run.Result.ExitCode,
            Result = result with { Summary = Tail(finalText ?? "", SummaryLength) },
            Progress = progress,
            ErrorClass = ending.Kind == AgentEndingKind.Succeeded ? null : ending.ErrorClass,
            Message = Tail(ending.Message, MessageLength),
        };
        return ending.Kind switch
        {
            AgentEndingKind.Succeeded => completion with { Outcome = AttemptOutcome.Succeeded },
            AgentEndingKind.Timeout => completion with { Outcome = AttemptOutcome.TimedOut },
            AgentEndingKind.UsageLimit => completion with { Outcome = AttemptOutcome.Released, AccountLimitedUntil = accountLimitedUntil },
            AgentEndingKind.AuthFailure => completion with { Outcome = AttemptOutcome.Released },
            _ => completion with { Outcome = AttemptOutcome.Failed },
        };
    }

    /// <summary>The account is not logged in: the item goes back, the worker waits for a human.</summary>
    public CompleteAttempt NotLoggedIn(string message) =>
        Base with { Outcome = AttemptOutcome.Released, ErrorClass = ErrorClasses.Auth, Message = Tail(message, MessageLength) };

    /// <summary>The worker cannot run the item's agent: the item goes back, the worker waits for a human.</summary>
    public CompleteAttempt Unavailable(string message) =>
        Base with { Outcome = AttemptOutcome.Released, ErrorClass = ErrorClasses.Harness, Message = Tail(message, MessageLength) };

    /// <summary>Handed back unfinished (<see cref="ErrorClasses.Shutdown"/>, <see cref="ErrorClasses.Outage"/>): no failure counted.</summary>
    public CompleteAttempt Released(string errorClass, string message) =>
        Base with { Outcome = AttemptOutcome.Released, ErrorClass = errorClass, Message = message };

    /// <summary>The pre-task hook refused the item: it goes back to the queue for another worker, no failure counted.</summary>
    public CompleteAttempt RefusedByHook(HookRun refusal) =>
        Base with { Outcome = AttemptOutcome.Released, ErrorClass = ErrorClasses.PreTaskHook, Message = Tail(refusal.Report, MessageLength), HookOutput = refusal.Output };

    /// <summary>
    /// After a successful command: a failed post-task hook turns the attempt into the item's own failure
    /// (<see cref="ErrorClasses.PostTaskHook"/>); a passing one leaves it as it was. Either way its output is kept.
    /// </summary>
    public CompleteAttempt AfterPostTask(CompleteAttempt completion, HookRun run) => run.Passed
        ? completion with { HookOutput = run.Output }
        : completion with
        {
            Outcome = AttemptOutcome.Failed,
            ErrorClass = ErrorClasses.PostTaskHook,
            Message = Tail(run.Report, MessageLength),
            HookOutput = run.Output,
        };

    public CompleteAttempt Failed(string errorClass, string message) =>
        Base with { Outcome = AttemptOutcome.Failed, ErrorClass = errorClass, Message = Tail(message, MessageLength) };

    CompleteAttempt Base => new() { WorkItemId = item.WorkItemId, Attempt = attempt, Worker = worker, Account = account };

    static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}
