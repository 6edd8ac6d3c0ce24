using MassTransit;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Local;

/// <summary>Every local worker hears every prune and cleans its own work directory, as separate worker processes would.</summary>
sealed class LocalPruneAttemptBranchesConsumer(LocalWorkers workers) : IConsumer<PruneAttemptBranches>
{
    public async Task Consume(ConsumeContext<PruneAttemptBranches> context)
    {
        foreach (var consumer in workers.Each<PruneAttemptBranchesConsumer>())
            await consumer.Consume(context);
    }
}
