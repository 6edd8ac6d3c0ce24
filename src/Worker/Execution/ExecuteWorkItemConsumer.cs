using MassTransit;
using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>
/// One item at a time from the pool's queue. The delivery stays unacknowledged until the item ends, so
/// if this process dies the broker hands the message to another worker at once.
/// </summary>
public sealed class ExecuteWorkItemConsumer(ClaimClient claims, AttemptRunner runner, ILogger<ExecuteWorkItemConsumer> logger)
    : IConsumer<ExecuteWorkItem>
{
    public async Task Consume(ConsumeContext<ExecuteWorkItem> context)
    {
        var item = context.Message;
        var redelivered = context.ReceiveContext.Redelivered;
        logger.LogInformation("Received {WorkItemId} attempt {Attempt}{Redelivered}", item.WorkItemId, item.Attempt, redelivered ? " (redelivered)" : "");
        var granted = await claims.ClaimAsync(item, redelivered, context.CancellationToken);
        if (granted is null)
            return;
        await runner.RunAsync(item, granted.Attempt);
    }
}
