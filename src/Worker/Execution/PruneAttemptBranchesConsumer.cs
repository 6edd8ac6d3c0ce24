using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Validation;
using Stamina.Worker.Git;

namespace Stamina.Worker.Execution;

/// <summary>
/// Every worker hears every prune on its own temporary queue. Each one with a mirror of the repository cleans
/// that mirror and its kept worktrees, deletes what is left of the branches in the repository with its own
/// credentials (deleting twice is harmless: the second finds nothing), and says which branches are gone.
/// </summary>
public sealed class PruneAttemptBranchesConsumer(
    BranchPruner pruner,
    RunningAttempts attempts,
    IOptions<WorkerSettings> options,
    ILogger<PruneAttemptBranchesConsumer> logger) : IConsumer<PruneAttemptBranches>
{
    public async Task Consume(ConsumeContext<PruneAttemptBranches> context)
    {
        var message = context.Message;
        var settings = options.Value;
        IReadOnlyList<string> roots = settings.AllowedLocalRoots.Count > 0 ? settings.AllowedLocalRoots : ["/"];
        if (!RepositoryAddress.TryParse(message.Repo, roots, out var repository, out var error))
        {
            logger.LogWarning("Prune {PruneId} names a repository this worker refuses: {Error}", message.PruneId, error);
            return;
        }
        IReadOnlyList<AttemptBranch>? gone;
        try
        {
            gone = await pruner.PruneAsync(repository, message.Branches, attempts.CurrentItem, context.CancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not retried here: running `stamina prune` again sends what is still there.
            logger.LogWarning("Prune {PruneId} of {Repo} failed: {Message}", message.PruneId, GitText.Redact(message.Repo), exception.Message);
            return;
        }
        if (gone is null || gone.Count == 0)
            return;
        logger.LogInformation("Prune {PruneId}: {Count} attempt branches of {Repo} are gone", message.PruneId, gone.Count, GitText.Redact(message.Repo));
        await context.Publish(new AttemptBranchesPruned
        {
            PruneId = message.PruneId,
            Worker = settings.Name,
            Repo = message.Repo,
            Branches = gone,
        });
    }
}
