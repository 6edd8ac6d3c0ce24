using MassTransit;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace Stamina.Coordinator.WorkItems;

public sealed class WorkItemStateMachineDefinition : SagaDefinition<WorkItemState>
{
    public const string QueueName = "stamina.coordinator.work-items";

    public WorkItemStateMachineDefinition()
    {
        EndpointName = QueueName;
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<WorkItemState> sagaConfigurator,
        IRegistrationContext context)
    {
        // Row locks serialise events on one item; a deadlock, a serialization failure or a duplicate insert
        // from two concurrent first events is safe to run again from the start.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<PostgresException>(e => e.IsTransient || e.SqlState is "40001" or "40P01" or "23505");
            retry.Handle<NpgsqlException>(e => e.IsTransient);
            // SQLite: the file stayed locked by another process for longer than the busy timeout.
            retry.Handle<SqliteException>(e => e.SqliteErrorCode is raw.SQLITE_BUSY or raw.SQLITE_LOCKED);
            retry.Intervals(10, 50, 100, 250, 500, 1000, 2000);
        });
        // Answers and events leave only after the transaction committed: a worker never sees a grant that rolled back.
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
