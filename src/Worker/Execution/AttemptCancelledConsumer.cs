using MassTransit;
using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>Every worker hears every cancellation on its own temporary queue; only the holder acts.</summary>
public sealed class AttemptCancelledConsumer(RunningAttempts attempts, ILogger<AttemptCancelledConsumer> logger) : IConsumer<AttemptCancelled>
{
    public Task Consume(ConsumeContext<AttemptCancelled> context)
    {
        if (attempts.Abort(context.Message.WorkItemId, context.Message.Attempt, AbortReason.Cancelled))
            logger.LogInformation("Cancelling {WorkItemId} attempt {Attempt} on request", context.Message.WorkItemId, context.Message.Attempt);
        return Task.CompletedTask;
    }
}
