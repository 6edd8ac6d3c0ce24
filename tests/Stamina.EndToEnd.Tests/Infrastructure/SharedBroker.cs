using System.Diagnostics;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Stops and starts the tests' RabbitMQ application (the Erlang node stays up, as in a broker restart that keeps its
/// data): every connection is closed and new ones are refused until it starts again. That is the machine's shared
/// broker, or the node named by <c>STAMINA_TEST_RABBITMQ_NODE</c> (<c>scripts/chaos.sh --own-broker</c> starts one, so
/// a long chaos run disturbs nobody else's tests). Tests that use it must be <c>[NonParallelizable]</c> and in
/// <see cref="OutageCategory"/>.
/// </summary>
static class SharedBroker
{
    /// <summary>
    /// The category of the fixtures that stop their broker: <c>scripts/test.sh</c> runs them on a node of their own
    /// beside every other assembly (or, if that node cannot start, after them on the shared broker, which the others
    /// would otherwise lose in the middle of a test).
    /// </summary>
    public const string OutageCategory = "SharedBrokerOutage";

    public static Task StopAsync() => ControlAsync("stop_app");

    public static Task StartAsync() => ControlAsync("start_app");

    static async Task ControlAsync(string command)
    {
        var node = Environment.GetEnvironmentVariable("STAMINA_TEST_RABBITMQ_NODE");
        // A node of our own runs as the rabbitmq user, whose Erlang cookie rabbitmqctl needs (Debian's wrapper does
        // the same for the shared node).
        var start = string.IsNullOrEmpty(node)
            ? new ProcessStartInfo("rabbitmqctl", [command])
            : new ProcessStartInfo("runuser", ["-u", "rabbitmq", "--", "/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", node, command])
            {
                Environment = { ["HOME"] = "/var/lib/rabbitmq" },
            };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {command} exited {process.ExitCode}: {error}");
    }
}
