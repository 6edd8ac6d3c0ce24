using MassTransit;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Journal;

public sealed class SqlWorkItemJournalFactory(StaminaDatabase database) : IWorkItemJournalFactory
{
    public IWorkItemJournal For(PipeContext context) =>
        context.TryGetPayload<SagaTransaction>(out var transaction)
            ? new SqlWorkItemJournal(transaction, database.Dialect)
            : throw new InvalidOperationException("The work-item saga ran outside a saga transaction.");
}
