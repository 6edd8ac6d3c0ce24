using MassTransit;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Local;

/// <summary>Hands each message to a free worker's own consumer, with the same rules as a worker process.</summary>
sealed class LocalExecuteWorkItemConsumer(LocalWorkers workers, ILogger<LocalExecuteWorkItemConsumer> logger) : IConsumer<ExecuteWorkItem>
{
    public async Task Consume(ConsumeContext<ExecuteWorkItem> context)
    {
        var slot = await workers.AcquireAsync(context.CancellationToken);
        // Every line the item's work logs names the worker (the console shows scopes in local mode).
        using var worker = logger.BeginScope(slot.Name);
        try
        {
            await using var scope = slot.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ExecuteWorkItemConsumer>().Consume(context);
        }
        finally
        {
            workers.Release(slot);
        }
    }
}
