namespace Stamina.Contracts;

/// <summary>
/// A reviewer step's answer, read and validated by the worker from the agent's structured output or its final
/// message, and checked again by the coordinator. <see cref="Verdict"/> is one of <see cref="ReviewVerdicts"/>.
/// </summary>
public record ReviewVerdict
{
    public string Verdict { get; init; } = "";

    /// <summary>What to change: appended to the reviewed step's prompt on a <c>revise</c>.</summary>
    public string Feedback { get; init; } = "";

    /// <summary>Why the work cannot go on: the pipeline's reason on a <c>block</c>.</summary>
    public string Reason { get; init; } = "";
}
