using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// The packed tool, installed from its .nupkg as on a second machine, runs every part: <c>stamina coordinator</c> and
/// <c>stamina worker</c> on the real PostgreSQL and RabbitMQ, with the services' own options and refusals.
/// </summary>
[TestFixture]
public sealed class ToolPackageTests
{
    InstalledTool tool = null!;

    [OneTimeSetUp]
    public async Task PackAndInstall() => tool = await InstalledTool.PackAndInstallAsync();

    [OneTimeTearDown]
    public void Uninstall() => tool?.Dispose();

    /// <summary>No connection strings from the test's own environment, and a home without a stamina.yml.</summary>
    static Dictionary<string, string> Bare() => new()
    {
        ["HOME"] = Path.Combine(Path.GetTempPath(), "stamina-tool-tests"),
        ["ConnectionStrings__RabbitMq"] = "",
        ["ConnectionStrings__Postgres"] = "",
    };

    [Test]
    public async Task When_installed_from_the_package_Should_report_its_version_and_the_services_options()
    {
        var version = await tool.RunAsync(Bare(), "--version");
        Assert.That(version.ExitCode, Is.Zero, version.Error);
        Assert.That(version.Output.Trim(), Does.StartWith(tool.Version), "the assembly's version is the package's");

        var coordinator = await tool.RunAsync(Bare(), "coordinator", "--help");
        Assert.That(coordinator.ExitCode, Is.Zero, coordinator.Error);
        Assert.That(coordinator.Output, Does.Contain("--urls").And.Contain("--config").And.Contain("--Section:Key=value"));
        Assert.That(coordinator.Output, Does.Not.Contain("--api-key"), "the CLI's client options mean nothing to a service");

        var worker = await tool.RunAsync(Bare(), "worker", "--help");
        Assert.That(worker.ExitCode, Is.Zero, worker.Error);
        Assert.That(worker.Output, Does.Contain("--pool").And.Contain("--name").And.Contain("--work-dir").And.Contain("--account").And.Contain("--urls"));
    }

    [TestCase("coordinator", new string[0], "", "ConnectionStrings:RabbitMq is not set")]
    [TestCase("worker", new string[0], "", "ConnectionStrings:RabbitMq is not set")]
    [TestCase("coordinator", new string[0], "amqp://a:b@127.0.0.1:1/x", "ConnectionStrings:Postgres is not set")]
    [TestCase("worker", new[] { "--Stamina:Worker:Name=no spaces please" }, "amqp://a:b@127.0.0.1:1/x", "Stamina:Worker:Name")]
    [TestCase("worker", new[] { "--Stamina:Worker:HeartbeatInterval", "banana" }, "amqp://a:b@127.0.0.1:1/x", "Stamina:Worker:HeartbeatInterval")]
    [TestCase("worker", new[] { "--config", "/nonexistent/stamina.yml" }, "amqp://a:b@127.0.0.1:1/x", "/nonexistent/stamina.yml: configuration file not found")]
    [TestCase("coordinator", new[] { "--urls" }, "", "--urls")]
    public async Task When_configuration_is_missing_or_bad_Should_say_which_in_one_line_and_exit_2(string command, string[] arguments, string broker,
        string expected)
    {
        var environment = Bare();
        environment["ConnectionStrings__RabbitMq"] = broker;

        var run = await tool.RunAsync(environment, [command, .. arguments]);

        var output = run.Output + run.Error;
        Assert.That(run.ExitCode, Is.EqualTo(2), output);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Some.Contain(expected), output);
        Assert.That(output.Split('\n').Where(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal)),
            Is.Empty, "no stack trace");
    }

    [Test]
    public async Task When_the_installed_tool_runs_the_demo_Should_finish_its_task_with_the_packaged_fake_agent()
    {
        using var data = new Stamina.Testing.TemporaryDirectory("tool-demo");
        var environment = Bare();
        environment["HOME"] = data.Combine("home");

        var run = await tool.RunAsync(environment, "demo", "--agent", "fake", "--workers", "1", "--tasks", "1", "--data-dir", data.Combine("demo"));

        Assert.That(run.ExitCode, Is.Zero, run.Output + run.Error);
        Assert.That(run.Output, Does.Contain("1 of 1 tasks succeeded"), run.Output + run.Error);
    }

    [Test]
    public async Task When_the_installed_tool_runs_the_coordinator_and_a_worker_Should_run_an_item_to_success_and_stop_on_sigterm()
    {
        await using var fleet = await Fleet.StartAsync(new FleetOptions { Workers = 0, Tool = tool.Executable });
        try
        {
            // The worker's short switches and a --Section:Key=value switch, as a second machine would start it.
            var worker = fleet.LaunchWorker("box2", ["--pool", "default", "--name", "box2", "--work-dir", Path.Combine(fleet.Root, "workers", "box2"),
                "--Stamina:Worker:AuthorName=Night Tool"]);
            await fleet.WaitForWorkerAsync(worker, "box2");

            var item = await fleet.SubmitAsync(new { repo = fleet.Repository.Path, baseRef = "main", command = new[] { "sh", "-c", "echo hello > hello.txt" } });
            var done = await fleet.WaitForStateAsync(item.Id(), "Succeeded", TimeSpan.FromSeconds(60));

            var branch = done.Result().GetProperty("branch").GetString()!;
            Assert.That(fleet.Repository.Show(branch, "hello.txt").Trim(), Is.EqualTo("hello"));
            Assert.That(fleet.Repository.Git("log", "-1", "--format=%an", branch), Is.EqualTo("Night Tool"), "the --Stamina:Worker:AuthorName switch reached the worker");
            Assert.That(done.Attempts().Single().GetProperty("worker").GetString(), Is.EqualTo("box2"));
            Assert.That(await fleet.Api.GetStringAsync("/"), Does.StartWith("<!doctype html>"), "the web board's files travel in the package");
            Assert.That(await fleet.Api.GetStringAsync("/web/board.js"), Is.Not.Empty);

            // Ctrl+C and SIGTERM belong to the service's host, which stops cleanly (the parser does not cut it short).
            foreach (var service in new[] { worker, fleet.Coordinator })
            {
                service.Signal(Signals.Terminate);
                await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
                Assert.That(service.ExitCode, Is.Zero, $"{service.Name} stopped cleanly on SIGTERM");
            }
        }
        catch
        {
            fleet.WriteLogs(TestContext.Out);
            throw;
        }
    }
}
