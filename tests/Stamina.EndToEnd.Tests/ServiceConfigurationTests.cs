using System.Net;
using System.Net.Sockets;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>Missing or bad configuration: one line naming the setting, exit code 2, no stack trace.</summary>
[TestFixture]
public sealed class ServiceConfigurationTests
{
    static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(string program, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        environment.TryAdd("HOME", Path.Combine(Path.GetTempPath(), "stamina-config-tests"));
        // Not inherited from the test's own environment: missing means missing.
        environment.TryAdd("ConnectionStrings__RabbitMq", "");
        environment.TryAdd("ConnectionStrings__Postgres", "");
        await using var process = ServiceProcess.Start(program, RepositoryRoot.Program(program == "stamina-worker" ? "Worker" : "Coordinator", program),
            arguments, environment);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        // The output readers may still be draining when the exit is seen.
        await Task.Delay(200);
        return (process.ExitCode, [.. process.Output.Where(line => line.Length > 0)]);
    }

    /// <summary>
    /// Exit code 2 and the one line naming the problem, last and once, with no stack trace. (Information
    /// logs written before the check, such as MassTransit's endpoint list, may come first.)
    /// </summary>
    static void AssertRefused(int exitCode, IReadOnlyList<string> lines, string expected)
    {
        var output = string.Join('\n', lines);
        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(lines[^1], Does.Contain(expected), output);
        Assert.That(lines.Count(line => line.Contains(expected, StringComparison.Ordinal)), Is.EqualTo(1), output);
        Assert.That(lines.Where(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal)),
            Is.Empty, "no stack trace");
    }

    [TestCase("stamina-coordinator", "", "", "ConnectionStrings:RabbitMq is not set")]
    [TestCase("stamina-coordinator", "ConnectionStrings__RabbitMq", "amqp://a:b@127.0.0.1:1/x", "ConnectionStrings:Postgres is not set")]
    [TestCase("stamina-coordinator", "ConnectionStrings__RabbitMq", "http://broker", "ConnectionStrings:RabbitMq must be an amqp:// URI")]
    [TestCase("stamina-worker", "", "", "ConnectionStrings:RabbitMq is not set")]
    [TestCase("stamina-worker", "Stamina__Worker__HeartbeatInterval", "banana", "Stamina:Worker:HeartbeatInterval")]
    [TestCase("stamina-worker", "Stamina__Worker__Name", "no spaces please", "Stamina:Worker:Name")]
    [TestCase("stamina-worker", "Stamina__Worker__AttemptCpus", "banana", "Stamina:Worker:AttemptCpus")]
    [TestCase("stamina-worker", "Stamina__Worker__AttemptCpus", "0", "Stamina:Worker:AttemptCpus")]
    [TestCase("stamina-worker", "Stamina__Worker__AttemptMaxProcesses", "1", "Stamina:Worker:AttemptMaxProcesses")]
    [TestCase("stamina-worker", "Stamina__Worker__AttemptMemoryBytes", "1000", "Stamina:Worker:AttemptMemoryBytes")]
    [TestCase("stamina-worker", "Stamina__Redaction__Patterns__acme", "(unclosed", "Stamina:Redaction:Patterns:acme: is not a valid regular expression")]
    public async Task When_configuration_is_missing_or_bad_Should_say_which_in_one_line_and_exit_2(string program, string key, string value, string expected)
    {
        var environment = new Dictionary<string, string>();
        if (key.Length > 0)
            environment[key] = value;
        if (program == "stamina-worker" && key != "")
            environment.TryAdd("ConnectionStrings__RabbitMq", "amqp://a:b@127.0.0.1:1/x");

        var (exitCode, lines) = await RunAsync(program, [], environment);

        AssertRefused(exitCode, lines, expected);
    }

    [Test]
    public async Task When_the_coordinator_has_no_api_key_Should_say_so_in_one_line_and_exit_2()
    {
        var (exitCode, lines) = await RunAsync("stamina-coordinator", ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Database=none;Username=none;Password=none",
            ["ConnectionStrings__RabbitMq"] = "amqp://none:none@127.0.0.1:5672/none",
        });

        AssertRefused(exitCode, lines, "Stamina:ApiKey is not set");
    }

    [TestCase("Stamina__ApiKey", "short-key", "Stamina:ApiKey is shorter than 24 characters")]
    [TestCase("Stamina__ReadOnlyApiKey", "short-key", "Stamina:ReadOnlyApiKey is shorter than 24 characters")]
    [TestCase("Stamina__ReadOnlyApiKey", "0123456789abcdef0123456789abcdef", "Stamina:ReadOnlyApiKey is the same as Stamina:ApiKey")]
    public async Task When_an_api_key_is_short_or_reused_Should_say_so_in_one_line_and_exit_2(string key, string value, string expected)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Database=none;Username=none;Password=none",
            ["ConnectionStrings__RabbitMq"] = "amqp://none:none@127.0.0.1:5672/none",
            ["Stamina__ApiKey"] = "0123456789abcdef0123456789abcdef",
        };
        environment[key] = value;

        var (exitCode, lines) = await RunAsync("stamina-coordinator", ["--urls", "http://127.0.0.1:0"], environment);

        AssertRefused(exitCode, lines, expected);
        Assert.That(string.Join('\n', lines), Does.Not.Contain(value), "the refusal never shows the key");
    }

    [Test]
    public async Task When_the_metrics_port_is_taken_Should_say_so_in_one_line_and_exit_2()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (exitCode, lines) = await RunAsync("stamina-worker", ["--name", "metrics-test", "--work-dir", Path.Combine(Path.GetTempPath(), $"stamina-metrics-{port}")],
            new Dictionary<string, string>
            {
                ["ConnectionStrings__RabbitMq"] = "amqp://a:b@127.0.0.1:1/x",
                ["Stamina__Worker__MetricsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

        AssertRefused(exitCode, lines, $"Stamina:Worker:MetricsPort: cannot listen on http://*:{port}: port {port} is in use");
    }
}
