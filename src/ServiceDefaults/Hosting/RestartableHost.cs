using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.ServiceDefaults.Hosting;

/// <summary>
/// Runs a host, and runs a new one whenever the old one asked to be restarted. A fresh host has fresh
/// broker connections and channels: the recovery of last resort when a client library keeps using a
/// channel the broker closed (seen with MassTransit 8.5 on RabbitMQ.Client 7 after a forced close).
/// Missing or bad configuration and a refused start end the process with one line on stderr and exit
/// code 2 (<see cref="ServiceExitCodes.Refused"/>), never a stack trace.
/// </summary>
public static class RestartableHost
{
    public static async Task<int> RunAsync(Func<HostRestart, WebApplication> build)
    {
        try
        {
            while (true)
            {
                var restart = new HostRestart();
                await using (var app = build(restart))
                {
                    // Options are validated here rather than by the host's start, which logs a stack trace first.
                    app.Services.GetService<IStartupValidator>()?.Validate();
                    var refusal = app.Services.GetService<StartRefusal>();
                    await app.RunAsync();
                    if (refusal?.Reason is { } reason)
                        return Refuse(reason);
                }
                if (!restart.Requested)
                    return Environment.ExitCode;
                await Console.Error.WriteLineAsync($"Restarting: {restart.Reason}");
            }
        }
        catch (Exception exception) when (OneLine(exception) is { } line)
        {
            return Refuse(line);
        }
    }

    static int Refuse(string line)
    {
        Console.Error.WriteLine(line);
        return ServiceExitCodes.Refused;
    }

    static string? OneLine(Exception exception) => exception switch
    {
        ServiceConfigurationException or StaminaConfigException or StartRefusedException => exception.Message,
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        // "Failed to convert configuration value at 'Stamina:…' to type …": it names the setting.
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } => exception.Message,
        AggregateException { InnerExceptions: [var single] } => OneLine(single),
        _ => null,
    };
}
