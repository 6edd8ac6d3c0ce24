namespace Stamina.Cli.Broker;

/// <summary>
/// One user's permissions on a vhost, as RabbitMQ takes them: three regular expressions over the names of
/// queues and exchanges (configure: declare and delete; write: publish, and bind a queue; read: consume, and
/// bind from an exchange). Each is anchored: RabbitMQ matches anywhere in the name otherwise.
/// </summary>
sealed record BrokerPermissions(string Configure, string Write, string Read);
