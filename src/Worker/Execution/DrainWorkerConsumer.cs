using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Execution;

/// <summary>An operator drained this worker (it finishes its item and takes nothing new) or undrained it.</summary>
public sealed class DrainWorkerConsumer(AccountGate gate, IOptions<WorkerSettings> settings, ILogger<DrainWorkerConsumer> logger)
    : IConsumer<DrainWorker>
{
    public const string DrainedByOperator = "drained by an operator";

    public Task Consume(ConsumeContext<DrainWorker> context)
    {
        if (context.Message.Name != settings.Value.Name)
            return Task.CompletedTask;
        if (context.Message.Drain)
        {
            logger.LogInformation("Drained by an operator: finishing the current item, taking nothing new");
            gate.Drain(DrainedByOperator);
        }
        else
        {
            logger.LogInformation("Undrained by an operator: taking work again");
            gate.Undrain();
        }
        return Task.CompletedTask;
    }
}
