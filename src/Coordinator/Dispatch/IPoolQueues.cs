namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// The dispatcher's view of a pool's queue on the transport in use: how full it is, how many workers
/// consume it, and where to send its messages. RabbitMQ for a fleet, in-memory for <c>stamina local</c>.
/// </summary>
public interface IPoolQueues
{
    Task<PoolQueueState> InspectAsync(string pool, CancellationToken cancellationToken);

    Uri SendAddress(string pool);
}
