using System.Text.Json;
using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Pruning;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Api;

/// <summary>
/// <c>POST /api/prune</c>: finds the attempt branches of items finished before a cutoff and, unless it is a dry
/// run, publishes one <see cref="PruneAttemptBranches"/> per repository to every worker.
/// </summary>
/// <remarks>
/// The workers delete the branches, not the coordinator nor the CLI: they hold the repositories' credentials
/// (and, for a local path repository, the path), and they hold the mirrors and kept worktrees that must go too.
/// Each worker with a mirror of the repository deletes what is left (a second delete finds nothing), so no
/// worker has to be chosen, and one that is down costs nothing. An attempt is recorded as pruned only when a
/// worker reports its branch gone; a prune that reached no worker is simply sent again by the next run.
/// </remarks>
public static class PruneEndpoints
{
    public static IEndpointRouteBuilder MapPruneEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/prune", PruneAsync);
        return routes;
    }

    static async Task<IResult> PruneAsync(HttpRequest http, PruneQueries queries, WorkerQueries workers, IPublishEndpoint publisher,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        PruneRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<PruneRequest>(http.Body, ApiJson.Strict, cancellationToken);
        }
        catch (JsonException exception)
        {
            return Problems.Invalid("body", "malformed JSON: " + exception.Message.Split(" Path:")[0]);
        }
        if (request is null)
            return Problems.Invalid("body", "expected a JSON object");
        if (request.OlderThan is null)
            return Problems.Invalid("olderThan", "required: " + PruneAge.Expected);
        if (!PruneAge.TryParse(request.OlderThan, out var age))
            return Problems.Invalid("olderThan", $"'{request.OlderThan}' is not an age; expected {PruneAge.Expected}, at most ten years");

        var cutoff = clock.GetUtcNow() - age;
        var candidates = await queries.CandidatesAsync(cutoff, request.IncludeAccepted, cancellationToken);
        var live = (await workers.ListAsync(cancellationToken)).Count(w => w.State != "offline");
        if (!request.DryRun && candidates.Count > 0)
        {
            if (live == 0)
                return Problems.Conflict("no worker is running: workers hold the repositories' credentials and delete the branches; start one and prune again");
            var pruneId = NewId.NextGuid();
            foreach (var repository in candidates.GroupBy(c => c.Repo))
            {
                await publisher.Publish(new PruneAttemptBranches
                {
                    PruneId = pruneId,
                    Repo = repository.Key,
                    Branches = [.. repository.Select(c => new AttemptBranch { WorkItemId = c.ItemId, Attempt = c.Attempt, Branch = c.Branch })],
                }, cancellationToken);
            }
        }
        return Results.Ok(new PruneAnswer
        {
            DryRun = request.DryRun,
            IncludeAccepted = request.IncludeAccepted,
            OlderThan = request.OlderThan.Trim(),
            Cutoff = cutoff,
            Workers = live,
            Branches = candidates,
        });
    }
}
