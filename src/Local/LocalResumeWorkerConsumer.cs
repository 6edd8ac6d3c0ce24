using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker;
using Stamina.Worker.Execution;
using Stamina.Worker.Fleet;

namespace Stamina.Local;

/// <summary>An operator resumed a worker: the one with that name takes work again.</summary>
sealed class LocalResumeWorkerConsumer(LocalWorkers workers, ILogger<ResumeWorkerConsumer> logger) : IConsumer<ResumeWorker>
{
    public async Task Consume(ConsumeContext<ResumeWorker> context)
    {
        foreach (var slot in workers.All)
        {
            var services = slot.Services;
            await new ResumeWorkerConsumer(services.GetRequiredService<AccountGate>(), services.GetRequiredService<IOptions<WorkerSettings>>(), logger)
                .Consume(context);
        }
    }
}
