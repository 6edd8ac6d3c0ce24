using MassTransit;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// Stamps every message a bus sends or publishes with its broker user as the AMQP <c>user_id</c>, which RabbitMQ
/// validates (a publish naming another user is refused). The coordinator thereby knows which broker user a worker's
/// report came from, and binds a per-worker user (<c>stamina-worker-NAME</c>) to its own name.
/// Only workers stamp: a message is moved to an error queue with its properties, and RabbitMQ lets only a user tagged
/// <c>impersonator</c> (the coordinator's) publish one stamped by someone else.
/// </summary>
public static class BrokerSenderStamp
{
    public static void StampSender(this IRabbitMqBusFactoryConfigurator configurator, RabbitMqAddress address)
    {
        var user = address.User;
        configurator.ConfigureSend(send => send.UseExecute(context => Stamp(context, user)));
        configurator.ConfigurePublish(publish => publish.UseExecute(context => Stamp(context, user)));
    }

    static void Stamp(SendContext context, string user)
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            rabbit.BasicProperties.UserId = user;
    }
}
