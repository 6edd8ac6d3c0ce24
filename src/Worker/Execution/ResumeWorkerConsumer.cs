using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Execution;

/// <summary>An operator fixed this worker's account (logged it in again): it takes work again.</summary>
public sealed class ResumeWorkerConsumer(AccountGate account, IOptions<WorkerSettings> settings, ILogger<ResumeWorkerConsumer> logger)
    : IConsumer<ResumeWorker>
{
    public Task Consume(ConsumeContext<ResumeWorker> context)
    {
        if (context.Message.Name != settings.Value.Name)
            return Task.CompletedTask;
        logger.LogInformation("Resumed by an operator: taking work again");
        account.Resume();
        return Task.CompletedTask;
    }
}
