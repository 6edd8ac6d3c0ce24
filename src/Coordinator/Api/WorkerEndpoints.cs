using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Api;

public static class WorkerEndpoints
{
    public static IEndpointRouteBuilder MapWorkerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/workers", async (WorkerQueries queries, BreakerQueries breakers, CancellationToken ct) =>
            Results.Ok(new WorkerListAnswer { Workers = await WithBreakersAsync(await queries.ListAsync(ct), breakers, ct) }));
        routes.MapPost("/api/workers/{name}/resume", ResumeAsync);
        routes.MapPost("/api/workers/{name}/drain", (string name, WorkerQueries queries, IPublishEndpoint publisher, CancellationToken ct) =>
            SetDrainAsync(name, true, queries, publisher, ct));
        routes.MapPost("/api/workers/{name}/undrain", (string name, WorkerQueries queries, IPublishEndpoint publisher, CancellationToken ct) =>
            SetDrainAsync(name, false, queries, publisher, ct));
        return routes;
    }

    /// <summary>Each worker with its account's tripped breaker, if any.</summary>
    static async Task<IReadOnlyList<WorkerView>> WithBreakersAsync(IReadOnlyList<WorkerView> workers, BreakerQueries breakers, CancellationToken ct)
    {
        var tripped = (await breakers.ListAsync(trippedOnly: true, ct)).Where(b => b.Scope == BreakerScopes.Account).ToDictionary(b => b.Key);
        return tripped.Count == 0 ? workers : [.. workers.Select(w => w.Account is { } account && tripped.TryGetValue(account, out var b) ? w with { Breaker = b } : w)];
    }

    /// <summary>A paused worker (its account failed to log in) takes work again once a human has fixed the account.</summary>
    static async Task<IResult> ResumeAsync(string name, WorkerQueries queries, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (!await queries.ExistsAsync(name, cancellationToken))
            return Problems.NotFound($"no worker named '{name}' has been seen");
        await publisher.Publish(new ResumeWorker { Name = name }, cancellationToken);
        return Results.Accepted(value: new WorkerResumeAnswer { Name = name });
    }

    /// <summary>
    /// Recorded first (a restarted worker, or one that missed the message, learns it at registration or from a refused
    /// claim), then told to the worker: it finishes its current item and takes nothing new, or takes work again.
    /// </summary>
    static async Task<IResult> SetDrainAsync(string name, bool drain, WorkerQueries queries, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (!await queries.SetDrainAsync(name, drain, cancellationToken))
            return Problems.NotFound($"no worker named '{name}' has been seen");
        await publisher.Publish(new DrainWorker { Name = name, Drain = drain }, cancellationToken);
        return Results.Accepted(value: new WorkerDrainAnswer { Name = name, Drained = drain });
    }
}
