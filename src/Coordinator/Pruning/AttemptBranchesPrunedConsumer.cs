using MassTransit;
using Stamina.Contracts;

namespace Stamina.Coordinator.Pruning;

/// <summary>A worker deleted attempt branches from their repository: <c>stamina show</c> says so from now on.</summary>
public sealed class AttemptBranchesPrunedConsumer(PruneQueries queries, TimeProvider clock) : IConsumer<AttemptBranchesPruned>
{
    public Task Consume(ConsumeContext<AttemptBranchesPruned> context) =>
        context.Message.Branches.Count == 0
            ? Task.CompletedTask
            : queries.MarkPrunedAsync(context.Message.Branches, clock.GetUtcNow(), context.CancellationToken);
}
