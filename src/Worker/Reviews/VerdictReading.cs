using Stamina.Contracts;

namespace Stamina.Worker.Reviews;

/// <summary>A verdict read from an agent's answer, or why none could be: exactly one of the two is set.</summary>
public sealed record VerdictReading(ReviewVerdict? Verdict, string? Problem)
{
    public static VerdictReading Of(ReviewVerdict verdict) => new(verdict, null);

    public static VerdictReading Invalid(string problem) => new(null, problem);
}
