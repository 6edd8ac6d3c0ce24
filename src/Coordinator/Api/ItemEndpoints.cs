using System.Text.Json;
using MassTransit;
using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Submissions;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.Coordinator.WorkItems.Creation;

namespace Stamina.Coordinator.Api;

public static class ItemEndpoints
{
    /// <summary>Bodies larger than this are refused before parsing; the prompt limit itself is smaller and configurable.</summary>
    const int MaxBodyBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapItemEndpoints(this IEndpointRouteBuilder routes)
    {
        var items = routes.MapGroup("/api/items");
        items.MapPost("", SubmitAsync);
        items.MapGet("", ListAsync);
        items.MapGet("/{id}", GetAsync);
        items.MapPost("/{id}/cancel", (string id, IRequestClient<CancelWorkItem> client, ItemQueries queries, CancellationToken ct) =>
            CommandAsync(id, client, guid => new CancelWorkItem { WorkItemId = guid }, queries, ct));
        items.MapPost("/{id}/retry", (string id, IRequestClient<RetryWorkItem> client, ItemQueries queries, CancellationToken ct) =>
            CommandAsync(id, client, guid => new RetryWorkItem { WorkItemId = guid }, queries, ct));
        return routes;
    }

    static async Task<IResult> SubmitAsync(HttpRequest http, SubmitItemValidator validator, ItemCreator creator,
        IdempotencyKeys keys, ItemQueries queries, ItemDependencyResolution dependencies, CancellationToken cancellationToken)
    {
        var key = http.Headers[IdempotencyKey.Header].ToString();
        if (http.Headers.ContainsKey(IdempotencyKey.Header) && IdempotencyKey.Problem(key) is { } keyProblem)
            return Problems.Invalid(IdempotencyKey.Header, keyProblem);
        var (request, readError) = await ReadBodyAsync<SubmitItemRequest>(http, cancellationToken);
        if (request is null)
            return Problems.Invalid("body", readError!);
        if (request.Steps is not null || request.ReviewRounds is not null)
            return await PipelineEndpoints.SubmitAsync(http, request, key, cancellationToken);
        var submission = validator.Validate(request);
        if (submission.Command is null)
            return Problems.Invalid(submission.Errors);

        var (command, status, dependencyErrors) = await dependencies.ResolveAsync(submission.Command, request.After, request.BaseFrom, cancellationToken);
        if (command is null)
            return Problems.Invalid(dependencyErrors, status);
        if (key.Length > 0)
        {
            var fingerprint = SubmissionFingerprint.Of(command);
            var keyed = await keys.ClaimAsync(key, command.WorkItemId, fingerprint, cancellationToken);
            if (keyed.Fingerprint != fingerprint)
                return Problems.KeyReused(key, keyed.ItemId);
            // The key's item: new, or made by an earlier request (then it is found, not made again).
            command = command with { WorkItemId = keyed.ItemId };
        }
        var creation = await creator.CreateAsync(command, cancellationToken);
        var view = await queries.GetAsync(command.WorkItemId, cancellationToken);
        if (creation.Created)
            return Results.Created($"/api/items/{command.WorkItemId}", view);
        http.HttpContext.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        return Results.Ok(view);
    }

    static async Task<IResult> ListAsync(string? state, string? pool, string? label, string? account, string? since, string? until,
        string? limit, ItemQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (filter, errors) = ItemFilterParser.Parse(state, pool, label, account, since, until, limit, clock.GetUtcNow());
        if (filter is null)
            return Problems.Invalid(errors);
        return Results.Ok(new ItemListAnswer { Items = await queries.ListAsync(filter, cancellationToken) });
    }

    static async Task<IResult> GetAsync(string id, ItemQueries queries, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
            return Problems.Invalid("id", "not an item id (a UUID)");
        var view = await queries.GetAsync(guid, cancellationToken);
        return view is null ? Problems.NotFound(guid) : Results.Ok(view);
    }

    static async Task<IResult> CommandAsync<TCommand>(string id, IRequestClient<TCommand> client, Func<Guid, TCommand> create,
        ItemQueries queries, CancellationToken cancellationToken)
        where TCommand : class
    {
        if (!Guid.TryParse(id, out var guid))
            return Problems.Invalid("id", "not an item id (a UUID)");
        var response = await client.GetResponse<WorkItemCommandResult>(create(guid), cancellationToken);
        var answer = response.Message;
        if (!answer.Found)
            return Problems.NotFound(guid);
        if (!answer.Accepted)
            return Problems.Conflict(answer.Reason ?? "not allowed in this state");
        return Results.Ok(await queries.GetAsync(guid, cancellationToken));
    }

    /// <summary>The JSON body, strictly (unknown fields are errors), or what is wrong with it; also for <c>POST /api/batches</c>.</summary>
    internal static async Task<(T? Request, string? Error)> ReadBodyAsync<T>(HttpRequest http, CancellationToken cancellationToken)
        where T : class
    {
        if (http.ContentLength > MaxBodyBytes)
            return (null, $"the request body is larger than {MaxBodyBytes / 1024 / 1024} MiB");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return (null, $"the request body is larger than {MaxBodyBytes / 1024 / 1024} MiB");
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
        if (buffer.Length == 0)
            return (null, "the request body is empty; expected a JSON object");
        try
        {
            var request = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ApiJson.Strict);
            return request is null ? (null, "expected a JSON object") : (request, null);
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 0 } path ? $" at {path}" : "";
            return (null, $"malformed JSON{where}: {FirstSentence(exception.Message)}");
        }
    }

    static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
