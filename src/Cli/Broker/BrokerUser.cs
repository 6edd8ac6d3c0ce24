namespace Stamina.Cli.Broker;

/// <summary>
/// A user to create or update: who it is for, its permissions, the variable its connection string is written to, and its
/// tags: none for a worker; <c>impersonator</c> for the coordinator, which moves workers' messages to its error queues
/// with their validated <c>user_id</c> (RabbitMQ refuses that to any other user; it grants no management access).
/// </summary>
sealed record BrokerUser(string User, string Role, BrokerPermissions Permissions, string Variable, string Tags = "");
