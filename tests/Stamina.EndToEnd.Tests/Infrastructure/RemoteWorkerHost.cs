using System.Net;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Another machine for workers, on this one: a network namespace with its own veth pair, and a relay on the veth's
/// host end to the broker (RabbitMQ listens on loopback only here). A worker started here reaches the broker only at
/// <see cref="NetworkNamespace.HostAddress"/>, so cutting the link (<see cref="Cut"/>) cuts it off as a pulled cable
/// would. The git remotes stay paths on the shared filesystem, as a network share would be.
/// </summary>
sealed class RemoteWorkerHost : IAsyncDisposable
{
    readonly TcpRelay brokerRelay;

    RemoteWorkerHost(NetworkNamespace network)
    {
        Network = network;
        brokerRelay = new TcpRelay(new IPEndPoint(IPAddress.Parse(network.HostAddress), BrokerPort), new IPEndPoint(IPAddress.Loopback, BrokerPort));
    }

    public NetworkNamespace Network { get; }

    public string Name => Network.Name;

    /// <summary>The broker's port, the same inside the namespace (at the host address) as on loopback.</summary>
    public static int BrokerPort => TestEnvironment.RabbitMqUri.Port;

    public static bool IsAvailable => NetworkNamespace.IsAvailable;

    public static RemoteWorkerHost Create()
    {
        var network = NetworkNamespace.Create();
        try
        {
            return new RemoteWorkerHost(network);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Starts a worker of <paramref name="fleet"/> in the namespace, its broker URI pointing at the relay.</summary>
    public Task<ServiceProcess> StartWorkerAsync(Fleet fleet, string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        // Only the host changes: the user, password and vhost stay as escaped as they are.
        var amqp = fleet.VirtualHost.AmqpUri;
        var host = new Uri(amqp).Host;
        var broker = amqp.Replace($"@{host}:", $"@{Network.HostAddress}:", StringComparison.Ordinal);
        if (broker == amqp)
            throw new InvalidOperationException($"the broker URI {new Uri(amqp).GetLeftPart(UriPartial.Scheme)}… names no user@host:port to point at the relay");
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["ConnectionStrings__RabbitMq"] = broker,
        };
        return fleet.StartWorkerAsync(name, settings: environment, launcher: Network.Launcher);
    }

    /// <summary>No packet to or from the namespace until <see cref="Restore"/>; open connections are not told.</summary>
    public void Cut() => Network.Cut();

    public void Restore() => Network.Restore();

    /// <summary>Joins the link again (nothing is left cut off), closes the relay and removes the namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            Network.Restore();
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            await brokerRelay.DisposeAsync();
        }
        finally
        {
            Network.Dispose();
        }
    }
}
