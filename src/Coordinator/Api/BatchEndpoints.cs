using MassTransit;
using Stamina.Coordinator.Batches;
using Stamina.Coordinator.Submissions;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Api;

/// <summary><c>/api/batches</c>: make a batch (all its items in one transaction), list, show, cancel and retry its failed items.</summary>
public static class BatchEndpoints
{
    const int ListLimit = 50;

    public static IEndpointRouteBuilder MapBatchEndpoints(this IEndpointRouteBuilder routes)
    {
        var batches = routes.MapGroup("/api/batches");
        batches.MapPost("", CreateAsync);
        batches.MapGet("", async (string? limit, BatchQueries queries, CancellationToken ct) =>
        {
            var count = ListLimit;
            if (limit is not null && (!int.TryParse(limit, out count) || count is < 1 or > 500))
                return Problems.Invalid("limit", "must be a whole number from 1 to 500");
            return Results.Ok(new BatchListAnswer { Batches = await queries.ListAsync(count, ct) });
        });
        batches.MapGet("/{id}", (string id, BatchQueries queries, CancellationToken ct) => ShowAsync(id, queries, ct));
        batches.MapPost("/{id}/cancel", async (string id, BatchOperations operations, IRequestClient<CancelWorkItem> client,
            BatchQueries queries, CancellationToken ct) =>
            await ActAsync(id, queries, guid => operations.CancelAsync(guid, client, ct), ct));
        batches.MapPost("/{id}/retry-failed", async (string id, BatchOperations operations, IRequestClient<RetryWorkItem> client,
            BatchQueries queries, CancellationToken ct) =>
            await ActAsync(id, queries, guid => operations.RetryFailedAsync(guid, client, ct), ct));
        return routes;
    }

    static async Task<IResult> CreateAsync(HttpRequest http, IBatchCreator creator, BatchQueries queries, CancellationToken cancellationToken)
    {
        var key = http.Headers[IdempotencyKey.Header].ToString();
        if (http.Headers.ContainsKey(IdempotencyKey.Header) && IdempotencyKey.Problem(key) is { } keyProblem)
            return Problems.Invalid(IdempotencyKey.Header, keyProblem);
        var (request, readError) = await ItemEndpoints.ReadBodyAsync<BatchRequest>(http, cancellationToken);
        if (request is null)
            return Problems.Invalid("body", readError!);
        BatchCreated created;
        try
        {
            created = await creator.CreateAsync(request, BatchOrigin.Submitted, key.Length > 0 ? key : null, cancellationToken);
        }
        catch (BatchRejectedException rejected)
        {
            return Problems.Invalid(rejected.Errors, StatusCodes.Status422UnprocessableEntity);
        }
        var view = await queries.GetAsync(created.BatchId, cancellationToken);
        if (created.Created)
            return Results.Created($"/api/batches/{created.BatchId}", view);
        http.HttpContext.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        return Results.Ok(view);
    }

    static async Task<IResult> ShowAsync(string id, BatchQueries queries, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
            return Problems.Invalid("id", "not a batch id (a UUID)");
        return await queries.GetAsync(guid, cancellationToken) is { } view ? Results.Ok(view) : Problems.NotFound($"batch {guid} does not exist");
    }

    /// <summary>The batch after the operation, with how many items it moved.</summary>
    static async Task<IResult> ActAsync(string id, BatchQueries queries, Func<Guid, Task<int>> operation, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
            return Problems.Invalid("id", "not a batch id (a UUID)");
        if (await queries.GetAsync(guid, cancellationToken) is null)
            return Problems.NotFound($"batch {guid} does not exist");
        var moved = await operation(guid);
        return Results.Ok(new BatchActionAnswer { Moved = moved, Batch = await queries.GetAsync(guid, cancellationToken) });
    }
}
