using Stamina.ServiceDefaults.Configuration;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>Parses <c>amqp://user:pass@host:port/vhost</c>, the form of <c>ConnectionStrings__RabbitMq</c>.</summary>
public sealed record RabbitMqAddress(string Host, int Port, string VirtualHost, string User, string Password)
{
    public static RabbitMqAddress Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ServiceConfigurationException("ConnectionStrings:RabbitMq is not set; expected amqp://user:password@host:port/vhost.");
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            throw new ServiceConfigurationException("ConnectionStrings:RabbitMq must be an amqp:// URI such as amqp://user:password@host:5672/vhost.");
        var credentials = uri.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(credentials[0]);
        var password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "";
        var path = uri.AbsolutePath.TrimStart('/');
        var virtualHost = path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
        return new RabbitMqAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port, virtualHost,
            user.Length == 0 ? "guest" : user, user.Length == 0 ? "guest" : password);
    }

    public override string ToString() => $"amqp://{User}@{Host}:{Port}/{Uri.EscapeDataString(VirtualHost)}";
}
