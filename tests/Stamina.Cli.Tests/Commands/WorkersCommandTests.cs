using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

public class WorkersCommandTests
{
    LoopbackCoordinator coordinator = null!;

    [SetUp]
    public void StartCoordinator() => coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);

    [TearDown]
    public async Task StopCoordinator() => await coordinator.DisposeAsync();

    [Test]
    public async Task When_listing_workers_Should_show_a_row_per_worker_with_state_account_and_item()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Method, Is.EqualTo("GET"));
        Assert.That(coordinator.SingleRequest.Path, Is.EqualTo("/api/workers"));
        var lines = result.Stdout.Split('\n');
        Assert.That(lines.Single(l => l.Contains("worker-alpha", StringComparison.Ordinal)),
            Does.Contain("busy").And.Contain("claude-a").And.Contain("3f2a1b4c#1").And.Contain("box-1"));
        Assert.That(lines.Single(l => l.Contains("worker-beta", StringComparison.Ordinal)), Does.Contain("offline"));
    }

    [Test]
    public async Task When_json_Should_print_the_coordinators_document()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers", "--json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("workers").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task When_no_worker_has_registered_Should_say_so()
    {
        await using var empty = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, """{ "workers": [] }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(empty, "workers"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain("No workers"));
    }
}
