namespace Stamina.Cli.Api;

sealed record ReportTotals
{
    public int Items { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public int Cancelled { get; init; }
    public int Running { get; init; }
    public int Queued { get; init; }
    public int Attempts { get; init; }
    public int FailedAttempts { get; init; }
    public int Limits { get; init; }
    public decimal? CostUsd { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public double BusySeconds { get; init; }
}
