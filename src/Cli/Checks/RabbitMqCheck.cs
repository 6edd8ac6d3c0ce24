using System.Text;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Cli.Checks;

/// <summary>
/// Connects to <c>ConnectionStrings:RabbitMq</c> (an amqp:// or amqps:// URI, with the services' own TLS settings of
/// <c>Stamina:RabbitMq</c>) and reads the broker's version.
/// </summary>
static class RabbitMqCheck
{
    public const string Name = "RabbitMQ";

    public static async Task<CheckResult> RunAsync(IConfiguration configuration, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var uriText = configuration.GetConnectionString("RabbitMq");
        if (string.IsNullOrWhiteSpace(uriText))
            return CheckResult.Warning(Name, "not configured (ConnectionStrings:RabbitMq); skipped");
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            return CheckResult.Failed(Name, $"ConnectionStrings:RabbitMq must be an amqp:// URI, not '{SecretMask.ConnectionString(uriText)}'");
        RabbitMqAddress address;
        try
        {
            address = RabbitMqAddress.FromConfiguration(configuration);
        }
        catch (ServiceConfigurationException exception)
        {
            return CheckResult.Failed(Name, exception.Message);
        }
        var where = $"{address.Host}:{address.Port}";
        var password = address.Password;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var factory = new ConnectionFactory
            {
                Uri = uri,
                RequestedConnectionTimeout = timeout,
                SocketReadTimeout = timeout,
                SocketWriteTimeout = timeout,
                HandshakeContinuationTimeout = timeout,
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "stamina config check",
            }.ApplyTls(address);
            await using var connection = await factory.CreateConnectionAsync(deadline.Token);
            var version = connection.ServerProperties?.TryGetValue("version", out var value) == true && value is byte[] bytes
                ? Encoding.UTF8.GetString(bytes)
                : "?";
            await connection.CloseAsync(deadline.Token);
            return CheckResult.Ok(Name, $"{where}: RabbitMQ {version}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Failed(Name, $"{where}: no answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception exception) when (exception is BrokerUnreachableException or OperationInterruptedException
            or AuthenticationFailureException or System.Net.Sockets.SocketException or IOException)
        {
            var refused = Chain(exception).Any(e => e is AuthenticationFailureException);
            var message = SecretMask.Remove(Innermost(exception), password);
            return CheckResult.Failed(Name, refused
                ? $"{where}: login refused, check the user and password in the URI ({message})"
                : $"{where}: {message}");
        }
    }

    static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            yield return e;
    }

    // BrokerUnreachableException says only "None of the specified endpoints were reachable"; the cause is further in.
    static string Innermost(Exception exception) => Chain(exception).Last().Message.ReplaceLineEndings(" ");
}
