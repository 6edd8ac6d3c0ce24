using Stamina.Coordinator.Stats;

namespace Stamina.Coordinator.Api;

public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats", async (StatsQueries stats, CancellationToken ct) => Results.Ok(await stats.GetAsync(ct)));
        return routes;
    }
}
