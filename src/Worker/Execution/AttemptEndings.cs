using Stamina.Contracts;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>Builds the <see cref="CompleteAttempt"/> for each way an attempt can end.</summary>
public sealed class AttemptEndings(ExecuteWorkItem item, int attempt, string worker)
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
            return completion with { Outcome = AttemptOutcome.TimedOut, ErrorClass = "timeout", Message = $"killed after its timeout of {item.Timeout}" };
        if (outcome.ExitCode != 0)
            return completion with { Outcome = AttemptOutcome.Failed, ErrorClass = "exit", Message = Tail(outcome.StandardErrorTail, MessageLength) };
        return completion with { Outcome = AttemptOutcome.Succeeded };
    }

    public CompleteAttempt Released(string message, AttemptResult? result) =>
        Base with { Outcome = AttemptOutcome.Released, ErrorClass = "shutdown", Message = message, Result = result };

    public CompleteAttempt Failed(string errorClass, string message) =>
        Base with { Outcome = AttemptOutcome.Failed, ErrorClass = errorClass, Message = Tail(message, MessageLength) };

    CompleteAttempt Base => new() { WorkItemId = item.WorkItemId, Attempt = attempt, Worker = worker };

    static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}
