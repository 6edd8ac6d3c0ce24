using Stamina.Coordinator.Stats;

namespace Stamina.Coordinator.Reports;

/// <summary>The body of <c>GET /api/report</c>: what the fleet did in a window, per item, per account, failures grouped.</summary>
public sealed record MorningReport
{
    public required TimeWindow Window { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public ReportTotals Totals { get; init; } = new();
    public IReadOnlyList<ReportItem> Items { get; init; } = [];
    public IReadOnlyList<ReportAccount> Accounts { get; init; } = [];
    public IReadOnlyList<ReportFailure> Failures { get; init; } = [];
}
