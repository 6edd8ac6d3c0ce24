using Microsoft.AspNetCore.Builder;

namespace Stamina.ServiceDefaults.Hosting;

/// <summary>
/// Runs a host, and runs a new one whenever the old one asked to be restarted. A fresh host has fresh
/// broker connections and channels: the recovery of last resort when a client library keeps using a
/// channel the broker closed (seen with MassTransit 8.5 on RabbitMQ.Client 7 after a forced close).
/// </summary>
public static class RestartableHost
{
    public static async Task<int> RunAsync(Func<HostRestart, WebApplication> build)
    {
        while (true)
        {
            var restart = new HostRestart();
            await using (var app = build(restart))
                await app.RunAsync();
            if (!restart.Requested)
                return Environment.ExitCode;
            Console.Error.WriteLine($"Restarting: {restart.Reason}");
        }
    }
}
