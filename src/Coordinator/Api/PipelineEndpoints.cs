using Stamina.Coordinator.Items;
using Stamina.Coordinator.Pipelines;
using Stamina.Coordinator.Submissions;

namespace Stamina.Coordinator.Api;

/// <summary><c>GET /api/pipelines/{id}</c>, and the pipeline side of <c>POST /api/items</c> (a task with <c>steps</c>).</summary>
public static class PipelineEndpoints
{
    public static IEndpointRouteBuilder MapPipelineEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/pipelines/{id}", GetAsync);
        return routes;
    }

    static async Task<IResult> GetAsync(string id, PipelineQueries queries, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
            return Problems.Invalid("id", "not a pipeline id (a UUID)");
        var view = await queries.GetAsync(guid, cancellationToken);
        return view is null ? Problems.NotFound($"pipeline {guid} does not exist") : Results.Ok(view);
    }

    /// <summary>
    /// Makes the pipeline and answers with its first step's item (whose <c>pipeline</c> names the pipeline), as a plain
    /// submission answers with its item. An idempotency key names that first item.
    /// </summary>
    public static async Task<IResult> SubmitAsync(HttpRequest http, SubmitItemRequest request, string key, CancellationToken cancellationToken)
    {
        var services = http.HttpContext.RequestServices;
        var (plan, errors) = services.GetRequiredService<PipelineValidator>().Validate(request);
        if (plan is null)
            return Problems.Invalid(errors);
        var firstItemId = Guid.NewGuid();
        if (key.Length > 0)
        {
            var fingerprint = PipelineValidator.Fingerprint(plan);
            var keyed = await services.GetRequiredService<IdempotencyKeys>().ClaimAsync(key, firstItemId, fingerprint, cancellationToken);
            if (keyed.Fingerprint != fingerprint)
                return Problems.KeyReused(key, keyed.ItemId);
            firstItemId = keyed.ItemId;
        }
        var creation = await services.GetRequiredService<PipelineCreator>().CreateAsync(plan, firstItemId, cancellationToken);
        var view = await services.GetRequiredService<ItemQueries>().GetAsync(creation.FirstItemId, cancellationToken);
        if (creation.Created)
            return Results.Created($"/api/items/{creation.FirstItemId}", view);
        http.HttpContext.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        return Results.Ok(view);
    }
}
