using Stamina.Contracts;

namespace Stamina.Worker.Reviews;

/// <summary>
/// A reviewer step succeeds only with a verdict: a run that ended well but gave none (or a broken one) is the
/// step's own failure, <see cref="ErrorClasses.InvalidVerdict"/>, retried like any other.
/// </summary>
public static class ReviewEnding
{
    public static CompleteAttempt Apply(CompleteAttempt completion, ReviewRequest? review, string? structuredOutput, string? finalText)
    {
        if (review is null || completion.Outcome != AttemptOutcome.Succeeded)
            return completion;
        var reading = VerdictReader.Read(structuredOutput, finalText);
        return reading.Verdict is { } verdict
            ? completion with { Verdict = verdict }
            : completion with { Outcome = AttemptOutcome.Failed, ErrorClass = ErrorClasses.InvalidVerdict, Message = reading.Problem };
    }
}
