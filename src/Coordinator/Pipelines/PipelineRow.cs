namespace Stamina.Coordinator.Pipelines;

/// <summary>A row of <c>pipelines</c>.</summary>
public sealed record PipelineRow
{
    public Guid Id { get; init; }
    public string? Name { get; init; }
    public string State { get; init; } = "";
    public int ReviewRounds { get; init; }
    public string? FinalBranch { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
