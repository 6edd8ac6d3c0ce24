using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Api;

public static class WorkerEndpoints
{
    public static IEndpointRouteBuilder MapWorkerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/workers", async (WorkerQueries queries, CancellationToken ct) =>
            Results.Ok(new { workers = await queries.ListAsync(ct) }));
        return routes;
    }
}
