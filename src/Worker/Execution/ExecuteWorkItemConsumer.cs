using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Execution;

/// <summary>
/// One item at a time from the pool's queue. The delivery stays unacknowledged until the item ends, so
/// if this process dies the broker hands the message to another worker at once. While the account is
/// limited or paused the consumer keeps holding its (by then stale) delivery: with a prefetch of one,
/// that is what keeps the broker from giving this worker more work.
/// </summary>
public sealed class ExecuteWorkItemConsumer(
    ItemTurn turn,
    IClaimClient claims,
    IAttemptRunner runner,
    AccountGate account,
    WorkerRegistration registration,
    DrainSignal drain,
    IOptions<WorkerSettings> settings,
    ILogger<ExecuteWorkItemConsumer> logger)
    : IConsumer<ExecuteWorkItem>
{
    public async Task Consume(ConsumeContext<ExecuteWorkItem> context)
    {
        var item = context.Message;
        var redelivered = context.ReceiveContext.Redelivered;
        logger.LogInformation("Received {WorkItemId} attempt {Attempt}{Redelivered}", item.WorkItemId, item.Attempt, redelivered ? " (redelivered)" : "");
        // Stopping (SIGTERM) takes no new claim, at once; a run the coordinator has not admitted takes none at all.
        if (!await registration.WaitAsync(drain.Stopping) || drain.Stopping.IsCancellationRequested)
        {
            await DeclineAsync(context, "the worker is stopping");
            return;
        }
        IDisposable myTurn;
        try
        {
            myTurn = await turn.TakeAsync(drain.Stopping);
        }
        catch (OperationCanceledException)
        {
            await DeclineAsync(context, "the worker is stopping");
            return;
        }
        using (myTurn)
            await ConsumeInTurnAsync(context, item, redelivered);
    }

    async Task ConsumeInTurnAsync(ConsumeContext<ExecuteWorkItem> context, ExecuteWorkItem item, bool redelivered)
    {
        if (!account.IsOpen)
        {
            var (status, until, attention) = account.Snapshot();
            await DeclineAsync(context, attention ?? $"account {settings.Value.Account} is {status} until {until:O}");
            await HoldWhileClosedAsync();
            return;
        }

        var claim = await claims.ClaimAsync(item, redelivered, context.CancellationToken);
        if (claim.AccountLimitedUntil is { } limitedUntil)
        {
            logger.LogWarning("Account {Account} is limited until {Until} (the coordinator knew first); taking no work until then",
                settings.Value.Account, limitedUntil);
            account.Limit(limitedUntil);
        }
        if (claim.WorkerDrained)
        {
            // The drain message was lost, or came while this run was not listening: the coordinator's record decides.
            logger.LogWarning("The coordinator says this worker is drained; taking no work until it is undrained");
            account.Drain(DrainWorkerConsumer.DrainedByOperator);
        }
        if (claim.Granted is { } granted)
            await runner.RunAsync(item, granted);
        await HoldWhileClosedAsync();
    }

    async Task DeclineAsync(ConsumeContext<ExecuteWorkItem> context, string reason)
    {
        var item = context.Message;
        logger.LogInformation("Declining {WorkItemId}: {Reason}", item.WorkItemId, reason);
        await context.Publish(new DeclineWorkItem { WorkItemId = item.WorkItemId, Attempt = item.Attempt, Worker = settings.Value.Name, Reason = reason });
    }

    async Task HoldWhileClosedAsync()
    {
        try
        {
            await account.WaitUntilOpenAsync(drain.Stopping);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the held delivery goes back to the queue; it is stale anyway.
        }
    }
}
