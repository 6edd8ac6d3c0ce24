using System.Text.Json;
using Stamina.Coordinator.Api;

namespace Stamina.Coordinator.Schedules;

/// <summary><c>/api/schedules</c>: add, list, show, remove, pause and resume schedules.</summary>
public static class ScheduleEndpoints
{
    const int MaxBodyBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder routes)
    {
        var schedules = routes.MapGroup("/api/schedules");
        schedules.MapPost("", AddAsync);
        schedules.MapGet("", async (ScheduleViews views, CancellationToken ct) => Results.Ok(new ScheduleListAnswer { Schedules = await views.ListAsync(ct) }));
        schedules.MapGet("/{id}", GetAsync);
        schedules.MapDelete("/{id}", RemoveAsync);
        schedules.MapPost("/{id}/pause", (string id, ScheduleStore store, ScheduleViews views, TimeProvider clock, CancellationToken ct) =>
            SetPausedAsync(id, true, store, views, clock, ct));
        schedules.MapPost("/{id}/resume", (string id, ScheduleStore store, ScheduleViews views, TimeProvider clock, CancellationToken ct) =>
            SetPausedAsync(id, false, store, views, clock, ct));
        return routes;
    }

    static async Task<IResult> AddAsync(HttpRequest http, ScheduleValidator validator, ScheduleStore store, ScheduleViews views,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (http.ContentLength > MaxBodyBytes)
            return Problems.Invalid("body", $"the request body is larger than {MaxBodyBytes / 1024 / 1024} MiB");
        ScheduleRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ScheduleRequest>(http.Body, ApiJson.Strict, cancellationToken);
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 0 } path ? $" at {path}" : "";
            return Problems.Invalid("body", $"malformed JSON{where}: {exception.Message.Split(" Path:")[0]}");
        }
        if (request is null)
            return Problems.Invalid("body", "expected a JSON object");
        var (schedule, errors) = await validator.ValidateAsync(request, cancellationToken);
        if (schedule is null)
            return Problems.Invalid(errors);
        var id = await store.AddAsync(schedule, clock.GetUtcNow(), cancellationToken);
        return Results.Created($"/api/schedules/{id}", await views.GetAsync(id, cancellationToken));
    }

    static async Task<IResult> GetAsync(string id, ScheduleViews views, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
            return NotAnId();
        return await views.GetAsync(guid, cancellationToken) is { } view ? Results.Ok(view) : NoSuch(guid);
    }

    static async Task<IResult> RemoveAsync(string id, ScheduleStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
            return NotAnId();
        return await store.RemoveAsync(guid, cancellationToken) ? Results.NoContent() : NoSuch(guid);
    }

    static async Task<IResult> SetPausedAsync(string id, bool paused, ScheduleStore store, ScheduleViews views, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
            return NotAnId();
        if (!await store.SetPausedAsync(guid, paused, clock.GetUtcNow(), cancellationToken))
            return NoSuch(guid);
        return Results.Ok(await views.GetAsync(guid, cancellationToken));
    }

    static IResult NotAnId() => Problems.Invalid("id", "not a schedule id (a UUID)");

    static IResult NoSuch(Guid id) => Problems.NotFound($"schedule {id} does not exist");
}
