using MassTransit;

namespace Stamina.Worker.Fleet;

/// <summary>
/// The bus that only receives work from the pool's queue, on a RabbitMQ connection of its own. Its one
/// delivery is held for a whole item, and RabbitMQ.Client 7 does not finish closing a connection until
/// the consumer it is delivering to returns; so everything the worker sends (claims, lease renewals,
/// results, heartbeats, transcripts) goes through the other bus, <see cref="IBus"/>, whose connection
/// can close and reconnect while an item runs.
/// </summary>
public interface IWorkQueueBus : IBus;
