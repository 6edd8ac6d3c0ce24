using MassTransit;

namespace Stamina.Coordinator.Answers;

/// <summary>
/// A bus that only sends the coordinator's answers to requests, on a RabbitMQ channel of its own. MassTransit sends
/// a consumer's answer on the channel its receive endpoint consumes from, and the broker closes a channel that
/// publishes to an exchange it has deleted: a requester that died after asking (its temporary queue and exchange
/// gone) would restart the saga's endpoint, and every lease judgement would wait for the reconnect allowance.
/// </summary>
public interface IAnswerBus : IBus;
