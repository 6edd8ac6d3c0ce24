namespace Stamina.Contracts;

/// <summary>Marks a pipeline's reviewer step: its agent must end with a <see cref="ReviewVerdict"/>.</summary>
public record ReviewRequest
{
    /// <summary>This review's round, from 1; the reviewed step ran this many times.</summary>
    public int Round { get; init; } = 1;

    /// <summary>The pipeline's bound: a <c>revise</c> in the last round blocks the pipeline.</summary>
    public int Rounds { get; init; } = 1;
}
