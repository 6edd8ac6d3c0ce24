using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Reports;
using Stamina.Coordinator.Stats;

namespace Stamina.Coordinator.Api;

public static class StatsEndpoints
{
    /// <summary>The report's window when none is asked for: a night.</summary>
    public static readonly TimeSpan DefaultReportWindow = TimeSpan.FromHours(12);

    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats", async (string? since, string? from, string? to, StatsQueries stats, BreakerQueries breakers, TimeProvider clock,
            CancellationToken ct) =>
        {
            var (window, problem) = WindowQuery.Read(since, from, to, clock.GetUtcNow(), defaultSince: null);
            return problem ?? Results.Ok(await stats.GetAsync(window, ct) with { Breakers = await breakers.ListAsync(trippedOnly: true, ct) });
        });
        routes.MapGet("/api/report", async (string? since, string? from, string? to, ReportQueries reports, TimeProvider clock, CancellationToken ct) =>
        {
            var (window, problem) = WindowQuery.Read(since, from, to, clock.GetUtcNow(), DefaultReportWindow);
            return problem ?? Results.Ok(await reports.GetAsync(window!, ct));
        });
        return routes;
    }
}
