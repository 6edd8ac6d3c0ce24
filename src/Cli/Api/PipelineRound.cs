namespace Stamina.Cli.Api;

/// <summary>One item of a pipeline step: its round, state, branch and, for a reviewer, its verdict.</summary>
sealed record PipelineRound
{
    public Guid ItemId { get; init; }
    public int Round { get; init; }
    public string? State { get; init; }
    public string? Branch { get; init; }
    public string? Verdict { get; init; }
    public string? Feedback { get; init; }
    public string? Reason { get; init; }
}
