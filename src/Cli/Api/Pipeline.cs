namespace Stamina.Cli.Api;

/// <summary>A pipeline as <c>GET /api/pipelines/{id}</c> shows it. Everything optional, so another coordinator version still reads.</summary>
sealed record Pipeline
{
    public Guid Id { get; init; }
    public string? Name { get; init; }

    /// <summary>Running, Approved, Succeeded, Blocked, Failed or Cancelled; kept as text.</summary>
    public string? State { get; init; }

    public int ReviewRounds { get; init; }
    public string? FinalBranch { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public IReadOnlyList<PipelineStep>? Steps { get; init; }
}
