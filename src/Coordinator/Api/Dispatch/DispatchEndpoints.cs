using System.Text.Json;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Dispatch.Pauses;

namespace Stamina.Coordinator.Api.Dispatch;

/// <summary>
/// <c>POST /api/dispatch/pause</c> and <c>/resume</c> (the whole fleet, or one pool) and <c>GET /api/dispatch</c>.
/// A pause keeps queued items back (they wait with reason pause); running items go on.
/// </summary>
public static class DispatchEndpoints
{
    const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapDispatchEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/dispatch", (DispatchStateQueries state, CancellationToken ct) => GetAsync(state, ct));
        routes.MapPost("/api/dispatch/pause", PauseAsync);
        routes.MapPost("/api/dispatch/resume", ResumeAsync);
        return routes;
    }

    static async Task<IResult> GetAsync(DispatchStateQueries state, CancellationToken cancellationToken) =>
        Results.Ok(await state.GetAsync(cancellationToken));

    static async Task<IResult> PauseAsync(HttpRequest http, DispatchPauses pauses, DispatchHolds holds, DispatchStateQueries state,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, cancellationToken);
        if (problem is not null)
            return problem;
        await pauses.PauseAsync(request!.Pool, request.Reason is { Length: > 0 } reason ? reason.Trim() : null, cancellationToken);
        holds.Invalidate();
        return Results.Ok(await state.GetAsync(cancellationToken));
    }

    static async Task<IResult> ResumeAsync(HttpRequest http, DispatchPauses pauses, DispatchHolds holds, DispatchStateQueries state,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, cancellationToken);
        if (problem is not null)
            return problem;
        if (request!.Reason is not null)
            return Problems.Invalid("reason", "a resume takes no reason; give it when pausing");
        await pauses.ResumeAsync(request.Pool, cancellationToken);
        holds.Invalidate();
        return Results.Ok(await state.GetAsync(cancellationToken));
    }

    /// <summary>An empty body is the whole fleet; anything else must be a valid request.</summary>
    static async Task<(DispatchPauseRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        DispatchPauseRequest? request;
        try
        {
            request = http.ContentLength == 0 ? new DispatchPauseRequest()
                : await JsonSerializer.DeserializeAsync<DispatchPauseRequest>(http.Body, ApiJson.Strict, cancellationToken);
        }
        catch (JsonException exception)
        {
            return (null, Problems.Invalid("body", "malformed JSON: " + exception.Message.Split(" Path:")[0]));
        }
        if (request is null)
            return (null, Problems.Invalid("body", "expected a JSON object"));
        if (request.Pool is { } pool && !SubmitItemValidator.PoolName().IsMatch(pool))
        {
            return (null, Problems.Invalid("pool",
                "a pool name is 1-63 characters: lowercase letters, digits, '-' and '_', starting with a letter or digit; leave it out for the whole fleet"));
        }

        if (request.Reason is { } text && (text.Length > MaxReasonLength || text.Any(char.IsControl)))
            return (null, Problems.Invalid("reason", $"at most {MaxReasonLength} characters, on one line without control characters"));
        return (request, null);
    }
}
