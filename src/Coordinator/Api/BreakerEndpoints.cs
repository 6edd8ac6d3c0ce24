using Stamina.Coordinator.Breakers;

namespace Stamina.Coordinator.Api;

public static class BreakerEndpoints
{
    public static IEndpointRouteBuilder MapBreakerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/breakers", async (BreakerQueries queries, CancellationToken ct) =>
            Results.Ok(new BreakerListAnswer { Breakers = await queries.ListAsync(trippedOnly: false, ct) }));
        routes.MapPost("/api/breakers/{id:guid}/reset", ResetAsync);
        return routes;
    }

    /// <summary>An operator who fixed the repository or the account closes its breaker without waiting for a probe.</summary>
    static async Task<IResult> ResetAsync(Guid id, BreakerQueries queries, CancellationToken cancellationToken) =>
        await queries.ResetAsync(id, cancellationToken) is { } breaker
            ? Results.Ok(breaker)
            : Problems.NotFound($"no breaker with id {id}");
}
