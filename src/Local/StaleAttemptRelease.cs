using Dapper;
using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems.Proofs;

namespace Stamina.Local;

/// <summary>
/// At start, before the dispatcher sends anything: every item still <c>Running</c> was held by a worker of
/// an earlier run of this process, which is gone (killed, or the machine stopped). Each attempt is ended
/// as released, through the saga like any result (no failure counted; its checkpoint stays), instead of
/// waiting for its lease and counting a failure. The next attempt starts from the newest checkpoint.
/// Agent processes the dead run left behind are ended first. The dead worker's secret died with it: this
/// trusted in-process step issues the attempt a new one in the database and presents it, like any holder.
/// Messages the earlier run published died with its in-memory bus: every queued item counts as unpublished again, or
/// the dispatcher would take them for messages waiting in the queue and send nothing until they seemed lost.
/// </summary>
sealed class StaleAttemptRelease(
    StaminaDatabase database,
    IBus bus,
    LocalWorkers workers,
    ILogger<StaleAttemptRelease> logger) : IHostedService
{
    const string Running = """
        select id as WorkItemId, attempt as Attempt, holder as Holder from work_items
        where state = 'Running'
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // First end the agents the dead run left behind: the released items may come back to these same
        // worktrees, and two agents must never edit one tree.
        await workers.PrepareAsync(logger, cancellationToken);
        List<RunningRow> running;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
            running = (await connection.QueryAsync<RunningRow>(new CommandDefinition(Running, cancellationToken: cancellationToken))).ToList();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update work_items set published_token = null where state = 'Queued' and published_token is not null",
                cancellationToken: cancellationToken));
        }
        var client = bus.CreateRequestClient<CompleteAttempt>(RequestTimeout.After(s: 30));
        foreach (var row in running)
        {
            var (secret, hash) = AttemptSecrets.Issue();
            await using (var connection = await database.OpenConnectionAsync(cancellationToken))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "update attempts set secret_hash = @hash where item_id = @WorkItemId and number = @Attempt",
                    new { hash, row.WorkItemId, row.Attempt }, cancellationToken: cancellationToken));
            }

            var response = await client.GetResponse<CompletionAccepted, CompletionRejected>(new CompleteAttempt
            {
                WorkItemId = row.WorkItemId,
                Attempt = row.Attempt,
                Worker = row.Holder ?? "",
                Secret = secret,
                Outcome = AttemptOutcome.Released,
                ErrorClass = ErrorClasses.Shutdown,
                Message = "stamina local stopped without draining; released at its next start",
            }, cancellationToken);
            if (response.Is(out Response<CompletionAccepted>? _))
                logger.LogWarning("Released {WorkItemId} attempt {Attempt}: its worker {Worker} died with the previous run", row.WorkItemId, row.Attempt, row.Holder);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    sealed class RunningRow
    {
        public Guid WorkItemId { get; init; }
        public int Attempt { get; init; }
        public string? Holder { get; init; }
    }
}
