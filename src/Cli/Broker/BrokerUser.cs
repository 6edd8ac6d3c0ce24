namespace Stamina.Cli.Broker;

/// <summary>A user to create or update: who it is for, its permissions, and the variable its connection string is written to.</summary>
internal sealed record BrokerUser(string User, string Role, BrokerPermissions Permissions, string Variable);
