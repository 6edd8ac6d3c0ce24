using MassTransit;

namespace Stamina.Local;

/// <summary>
/// A message every worker process of a fleet would hear on its own queue (a cancellation, a drain, a resume, a
/// prune): here every local worker hears it through the worker's own consumer, built in that worker's services,
/// and acts only if the message is for it, as separate worker processes would.
/// </summary>
sealed class LocalFanOutConsumer<TMessage, TWorkerConsumer>(LocalWorkers workers) : IConsumer<TMessage>
    where TMessage : class
    where TWorkerConsumer : IConsumer<TMessage>
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        foreach (var slot in workers.All)
            await ActivatorUtilities.GetServiceOrCreateInstance<TWorkerConsumer>(slot.Services).Consume(context);
    }
}
