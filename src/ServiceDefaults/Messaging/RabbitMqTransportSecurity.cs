using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MassTransit;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// TLS for every connection to the broker: MassTransit's buses (<see cref="UseStaminaTls"/>) and raw RabbitMQ.Client
/// connections (<see cref="ApplyTls"/>). <c>amqps://</c> verifies the broker's certificate (<see cref="BrokerCertificateValidator"/>);
/// plain <c>amqp://</c> to a host other than this machine is allowed but warned about, since the password and every
/// message then cross the network readable.
/// </summary>
public static class RabbitMqTransportSecurity
{
    public static void UseStaminaTls(this IRabbitMqHostConfigurator host, RabbitMqAddress address)
    {
        if (!address.UseTls)
        {
            if (PlainTextWarning(address) is { } warning)
                LogContext.Warning?.Log(warning);
            return;
        }
        var validator = new BrokerCertificateValidator(address.Host, address.Tls);
        host.UseSsl(ssl =>
        {
            ssl.ServerName = address.Host;
            // The OS's choice (TLS 1.2 or 1.3), not a pinned version.
            ssl.Protocol = SslProtocols.None;
            ssl.CertificateValidationCallback = validator.Validate;
            if (address.Tls.ClientCertificate is { } certificate)
                ssl.Certificate = certificate;
        });
    }

    public static ConnectionFactory ApplyTls(this ConnectionFactory factory, RabbitMqAddress address, ILogger? logger = null)
    {
        if (!address.UseTls)
        {
            if (logger is not null && PlainTextWarning(address) is { } warning)
                logger.LogWarning("{Warning}", warning);
            return factory;
        }
        factory.Ssl = new SslOption
        {
            Enabled = true,
            ServerName = address.Host,
            Version = SslProtocols.None,
            CertificateValidationCallback = new BrokerCertificateValidator(address.Host, address.Tls).Validate,
            Certs = address.Tls.ClientCertificate is { } certificate ? new X509CertificateCollection { certificate } : null,
        };
        return factory;
    }

    /// <summary>Null when the connection is encrypted or stays on this machine.</summary>
    public static string? PlainTextWarning(RabbitMqAddress address) =>
        address.UseTls || IsLoopback(address.Host)
            ? null
            : $"ConnectionStrings:RabbitMq is amqp:// to {address.Host}, not this machine: the broker password and every message cross the network unencrypted. Use amqps:// (docs/configuration.md, TLS).";

    static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
