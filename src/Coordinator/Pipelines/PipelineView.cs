namespace Stamina.Coordinator.Pipelines;

/// <summary>A pipeline as <c>GET /api/pipelines/{id}</c> shows it.</summary>
public sealed record PipelineView
{
    public Guid Id { get; init; }
    public string? Name { get; init; }

    /// <summary>One of <see cref="PipelineStates"/>.</summary>
    public string State { get; init; } = "";

    public int ReviewRounds { get; init; }

    /// <summary>The branch of the last approved step (or the last step, without reviewers), once the pipeline ended well.</summary>
    public string? FinalBranch { get; init; }

    /// <summary>Why it was blocked, failed or cancelled.</summary>
    public string? Reason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyList<PipelineStepView> Steps { get; init; } = [];
}
