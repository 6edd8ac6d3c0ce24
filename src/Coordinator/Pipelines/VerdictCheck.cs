using Stamina.Contracts;

namespace Stamina.Coordinator.Pipelines;

/// <summary>
/// The coordinator's own check of a reported verdict (the worker validated it; a message is still only a message):
/// a known answer, with its feedback or reason, texts cut to a bound.
/// </summary>
public static class VerdictCheck
{
    public const int MaxTextLength = 8000;

    /// <summary>The verdict to store, or the problem that makes the reviewer's success a failure.</summary>
    public static (ReviewVerdict? Verdict, string? Problem) Of(ReviewVerdict? verdict)
    {
        if (verdict is null)
            return (null, "the reviewer step ended without a verdict");
        if (!ReviewVerdicts.All.Contains(verdict.Verdict))
            return (null, $"unknown verdict '{Cut(verdict.Verdict, 40)}'; known: {string.Join(", ", ReviewVerdicts.All)}");
        if (verdict.Verdict == ReviewVerdicts.Revise && string.IsNullOrWhiteSpace(verdict.Feedback))
            return (null, "a \"revise\" verdict without feedback");
        if (verdict.Verdict == ReviewVerdicts.Block && string.IsNullOrWhiteSpace(verdict.Reason))
            return (null, "a \"block\" verdict without a reason");
        return (verdict with { Feedback = Cut(verdict.Feedback, MaxTextLength), Reason = Cut(verdict.Reason, MaxTextLength) }, null);
    }

    static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
