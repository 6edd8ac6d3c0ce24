using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina workers drain NAME</c> and <c>stamina workers undrain NAME</c>.</summary>
public class WorkerDrainTests
{
    [Test]
    public async Task When_draining_Should_post_to_the_drain_path_and_say_what_happens()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("POST", "/api/workers/box%202/drain", 202, """{ "name": "box 2", "drained": true }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers", "drain", "box 2"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo($"Bearer {CliRunner.TestKey}"));
        Assert.That(result.Stdout, Is.EqualTo("Draining worker box 2: it finishes its current item and takes nothing new" + Environment.NewLine));
    }

    [Test]
    public async Task When_undraining_with_json_Should_post_to_the_undrain_path_and_print_the_answer()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("POST", "/api/workers/w1/undrain", 202, """{ "name": "w1", "drained": false }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers", "undrain", "w1", "--json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("drained").GetBoolean(), Is.False);
    }

    [Test]
    public async Task When_the_worker_is_unknown_Should_exit_6()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .OnProblem("POST", "/api/workers/nobody/drain", 404, "Not found.", "no worker named 'nobody' has been seen");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers", "drain", "nobody"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
        Assert.That(result.Stderr, Does.Contain("cannot drain worker nobody: no worker named 'nobody' has been seen"));
    }

    [Test]
    public async Task Without_a_name_Should_fail_saying_the_name_is_missing()
    {
        var result = await CliRunner.RunAsync("workers", "drain");

        Assert.That(result.ExitCode, Is.Not.EqualTo(ExitCodes.Ok));
        Assert.That(result.Stderr, Does.Contain("Required argument missing for command: 'drain'"));
    }
}
