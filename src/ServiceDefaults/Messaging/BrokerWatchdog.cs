using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stamina.ServiceDefaults.Hosting;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// Watches periodic sends to the broker. When they have failed without a break for longer than the
/// patience, the host is restarted with new connections rather than left sending into a dead channel.
/// <paramref name="mayRestart"/> can put the restart off: a worker running an item never restarts for the broker,
/// since its lease keeper already holds the command through an outage and gives it up (work saved) only after its
/// own, longer patience; a restart would kill the command at once.
/// </summary>
public sealed class BrokerWatchdog(
    HostRestart restart,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<BrokerWatchdog> logger,
    TimeSpan patience,
    Func<bool>? mayRestart = null)
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
            if (now - failingSince < patience || mayRestart?.Invoke() == false)
                return;
        }
        logger.LogCritical(exception, "Sends to the broker have failed for {Patience}; restarting with new connections", patience);
        restart.Request($"sends to the broker failed for {patience}: {exception.Message}", lifetime);
    }
}
