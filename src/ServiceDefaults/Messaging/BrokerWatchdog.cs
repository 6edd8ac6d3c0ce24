using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stamina.ServiceDefaults.Hosting;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// Watches periodic sends to the broker. When they have failed without a break for longer than the
/// patience, the host is restarted with new connections rather than left sending into a dead channel.
/// </summary>
public sealed class BrokerWatchdog(
    HostRestart restart,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<BrokerWatchdog> logger,
    TimeSpan patience)
{
    readonly Lock gate = new();
    DateTimeOffset? failingSince;

    public void Succeeded()
    {
        lock (gate)
            failingSince = null;
    }

    public void Failed(Exception exception)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            failingSince ??= now;
            if (now - failingSince < patience)
                return;
        }
        logger.LogCritical(exception, "Sends to the broker have failed for {Patience}; restarting with new connections", patience);
        restart.Request($"sends to the broker failed for {patience}: {exception.Message}", lifetime);
    }
}
