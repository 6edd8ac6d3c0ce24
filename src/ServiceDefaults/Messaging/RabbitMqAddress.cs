using Microsoft.Extensions.Configuration;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// Parses <c>amqp://user:pass@host:port/vhost</c>, the form of <c>ConnectionStrings__RabbitMq</c>; <c>amqps://</c>
/// (port 5671 by default) connects over TLS with the certificate checks of <see cref="RabbitMqTlsSettings"/>.
/// </summary>
public sealed record RabbitMqAddress(string Host, int Port, string VirtualHost, string User, string Password)
{
    /// <summary>True for <c>amqps://</c>.</summary>
    public bool UseTls { get; init; }

    /// <summary>What a TLS connection trusts and presents (<c>Stamina:RabbitMq:*</c>); by default the machine's roots.</summary>
    public RabbitMqTlsSettings Tls { get; init; } = RabbitMqTlsSettings.None;

    /// <summary><c>ConnectionStrings:RabbitMq</c> with the TLS settings of <c>Stamina:RabbitMq</c>.</summary>
    public static RabbitMqAddress FromConfiguration(IConfiguration configuration)
    {
        var address = Parse(configuration.GetConnectionString("RabbitMq"));
        var tls = RabbitMqTlsSettings.FromConfiguration(configuration);
        if (tls.IsConfigured && !address.UseTls)
        {
            throw new ServiceConfigurationException(
                $"{RabbitMqTlsSettings.Section}:CaFile or a client certificate is set but ConnectionStrings:RabbitMq is amqp:// (no TLS): use amqps://.");
        }

        return address with { Tls = tls };
    }

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
        var tls = uri.Scheme == "amqps";
        return new RabbitMqAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (tls ? 5671 : 5672) : uri.Port, virtualHost,
            user.Length == 0 ? "guest" : user, user.Length == 0 ? "guest" : password)
        { UseTls = tls };
    }

    public override string ToString() => $"{(UseTls ? "amqps" : "amqp")}://{User}@{Host}:{Port}/{Uri.EscapeDataString(VirtualHost)}";
}
