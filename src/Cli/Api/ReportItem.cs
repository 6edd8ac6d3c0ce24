namespace Stamina.Cli.Api;

sealed record ReportItem
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string Pool { get; init; } = "";
    public string Outcome { get; init; } = "";
    public int Attempts { get; init; }
    public string? Branch { get; init; }
    public ReportDiff? Diff { get; init; }
    public decimal? CostUsd { get; init; }
    public double DurationSeconds { get; init; }
    public string? ErrorClass { get; init; }
    public string? Harness { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}
