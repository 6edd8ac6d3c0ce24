namespace Stamina.Coordinator.Pipelines;

/// <summary>One item of a step: its round, state, branch, and a reviewer's verdict.</summary>
public sealed record PipelineRoundView
{
    public Guid ItemId { get; init; }
    public int Round { get; init; }
    public string State { get; init; } = "";
    public string? Branch { get; init; }
    public string? Verdict { get; init; }
    public string? Feedback { get; init; }
    public string? Reason { get; init; }
}
