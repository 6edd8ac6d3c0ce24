using MassTransit;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Journal;

public sealed class PostgresWorkItemJournalFactory : IWorkItemJournalFactory
{
    public IWorkItemJournal For(PipeContext context) =>
        context.TryGetPayload<SagaTransaction>(out var transaction)
            ? new PostgresWorkItemJournal(transaction)
            : throw new InvalidOperationException("The work-item saga ran outside a PostgreSQL saga transaction.");
}
