using MassTransit;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.Coordinator.Journal;

public sealed class SqlWorkItemJournalFactory(StaminaDatabase database, SecretRedactor redactor) : IWorkItemJournalFactory
{
    public IWorkItemJournal For(PipeContext context) =>
        context.TryGetPayload<SagaTransaction>(out var transaction)
            ? new SqlWorkItemJournal(transaction, database.Dialect, redactor)
            : throw new InvalidOperationException("The work-item saga ran outside a saga transaction.");
}
