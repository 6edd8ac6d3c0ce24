namespace Stamina.Cli.Broker;

/// <summary>Where workers and the coordinator reach the broker (<c>--broker-url</c>): the connection strings' host, port and vhost.</summary>
sealed record BrokerAddress(Uri Server, string VirtualHost)
{
    public static BrokerAddress Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || uri.Host.Length == 0)
            throw new CliException(ExitCodes.Usage, $"--broker-url must be an amqp:// or amqps:// address such as amqp://rabbitmq:5672/, not '{text}'");
        if (uri.UserInfo.Length > 0)
            throw new CliException(ExitCodes.Usage, "--broker-url takes no user or password: each user's are generated");
        var path = uri.AbsolutePath.TrimStart('/');
        return new BrokerAddress(new Uri(uri.GetLeftPart(UriPartial.Authority)), path.Length == 0 ? "/" : Uri.UnescapeDataString(path));
    }

    public string ConnectionString(string user, string password) =>
        $"{Server.Scheme}://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@{Server.Authority}/{Uri.EscapeDataString(VirtualHost)}";
}
