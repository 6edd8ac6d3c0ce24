using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Api;

public static class WorkerEndpoints
{
    public static IEndpointRouteBuilder MapWorkerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/workers", async (WorkerQueries queries, CancellationToken ct) =>
            Results.Ok(new { workers = await queries.ListAsync(ct) }));
        routes.MapPost("/api/workers/{name}/resume", ResumeAsync);
        return routes;
    }

    /// <summary>A paused worker (its account failed to log in) takes work again once a human has fixed the account.</summary>
    static async Task<IResult> ResumeAsync(string name, WorkerQueries queries, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (!await queries.ExistsAsync(name, cancellationToken))
            return Problems.NotFound($"no worker named '{name}' has been seen");
        await publisher.Publish(new ResumeWorker { Name = name }, cancellationToken);
        return Results.Accepted(value: new { name });
    }
}
