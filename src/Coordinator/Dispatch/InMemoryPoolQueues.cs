using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// Pool queues of the in-memory transport (one process). The consumers are the process's own workers
/// (all in <c>workersPool</c>; another pool has none);
/// the ready messages are estimated from the database: queued items whose message under the next token
/// was sent and not yet claimed. Cheaper and steadier than asking the transport, and exact enough for a
/// window of a few messages.
/// </summary>
public sealed class InMemoryPoolQueues(StaminaDatabase database, string workersPool, int workers) : IPoolQueues
{
    const string Ready = """
        select count(*) from work_items
        where pool = @pool and state = 'Queued' and published_token = attempt + 1
        """;

    public async Task<PoolQueueState> InspectAsync(string pool, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var ready = await connection.ExecuteScalarAsync<long>(new CommandDefinition(Ready, new { pool }, cancellationToken: cancellationToken));
        return new PoolQueueState((uint)Math.Max(0, ready), pool == workersPool ? (uint)workers : 0);
    }

    // In memory a queue is only a queue: no quorum declaration to protect.
    public Uri SendAddress(string pool) => new($"queue:{PoolQueues.QueueName(pool)}");
}
