using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker;
using Stamina.Worker.Execution;
using Stamina.Worker.Fleet;

namespace Stamina.Local;

/// <summary>An operator drained or undrained a worker: the one with that name hears it.</summary>
sealed class LocalDrainWorkerConsumer(LocalWorkers workers, ILogger<DrainWorkerConsumer> logger) : IConsumer<DrainWorker>
{
    public async Task Consume(ConsumeContext<DrainWorker> context)
    {
        foreach (var slot in workers.All)
        {
            var services = slot.Services;
            await new DrainWorkerConsumer(services.GetRequiredService<AccountGate>(), services.GetRequiredService<IOptions<WorkerSettings>>(), logger)
                .Consume(context);
        }
    }
}
