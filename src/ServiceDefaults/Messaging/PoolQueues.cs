namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// The one place that names a pool's queue and its arguments: the coordinator declares it and the
/// workers' endpoints declare it again, and RabbitMQ refuses a second declaration that differs.
/// </summary>
public static class PoolQueues
{
    /// <summary>
    /// Deliveries of one message before RabbitMQ dead-letters it: a message that crashes workers in a
    /// loop is dropped from the queue; the database still holds the item, so nothing is lost.
    /// </summary>
    public const int DeliveryLimit = 20;

    public static string QueueName(string pool) => $"stamina.pool.{pool}";

    public static Dictionary<string, object?> Arguments() => new()
    {
        ["x-queue-type"] = "quorum",
        ["x-delivery-limit"] = DeliveryLimit,
    };
}
