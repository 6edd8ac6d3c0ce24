using MassTransit;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Local;

/// <summary>Every worker hears every cancellation; only the holder acts.</summary>
sealed class LocalAttemptCancelledConsumer(LocalWorkers workers, ILogger<AttemptCancelledConsumer> logger) : IConsumer<AttemptCancelled>
{
    public async Task Consume(ConsumeContext<AttemptCancelled> context)
    {
        foreach (var attempts in workers.Each<RunningAttempts>())
            await new AttemptCancelledConsumer(attempts, logger).Consume(context);
    }
}
