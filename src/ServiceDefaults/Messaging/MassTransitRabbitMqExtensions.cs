using MassTransit;

namespace Stamina.ServiceDefaults.Messaging;

public static class MassTransitRabbitMqExtensions
{
    /// <summary>Points a MassTransit bus at the broker named by an amqp URI, with publisher confirms.</summary>
    public static void UseStaminaHost(this IRabbitMqBusFactoryConfigurator configurator, RabbitMqAddress address, string connectionName)
    {
        configurator.Host(address.Host, (ushort)address.Port, address.VirtualHost, connectionName, host =>
        {
            host.Username(address.User);
            host.Password(address.Password);
            host.PublisherConfirmation = true;
            host.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
            host.UseStaminaTls(address);
        });
    }
}
