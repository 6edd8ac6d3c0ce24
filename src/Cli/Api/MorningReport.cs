namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/report</c>: what the fleet did in a window.</summary>
sealed record MorningReport
{
    public TimeWindow Window { get; init; } = new();
    public DateTimeOffset GeneratedAt { get; init; }
    public ReportTotals Totals { get; init; } = new();
    public IReadOnlyList<ReportItem> Items { get; init; } = [];
    public IReadOnlyList<ReportAccount> Accounts { get; init; } = [];
    public IReadOnlyList<ReportFailure> Failures { get; init; } = [];
}
