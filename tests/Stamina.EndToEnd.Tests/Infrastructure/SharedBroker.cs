using System.Diagnostics;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Stops and starts the machine's shared RabbitMQ application (the Erlang node stays up, as in a broker restart that
/// keeps its data): every connection is closed and new ones are refused until it starts again. Tests that use it
/// must be <c>[NonParallelizable]</c>.
/// </summary>
static class SharedBroker
{
    public static Task StopAsync() => ControlAsync("stop_app");

    public static Task StartAsync() => ControlAsync("start_app");

    static async Task ControlAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", [command]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("rabbitmqctl did not start");
        await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {command} exited {process.ExitCode}: {error}");
    }
}
