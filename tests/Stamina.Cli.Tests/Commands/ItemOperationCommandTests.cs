using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>cancel</c> and <c>retry</c>.</summary>
public class ItemOperationCommandTests
{
    [TestCase("cancel")]
    [TestCase("retry")]
    public async Task When_the_state_allows_it_Should_post_and_print_the_new_state(string operation)
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("POST", $"/api/items/{SampleJson.RunningId}/{operation}", 200, SampleJson.RunningItem);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, operation, SampleJson.RunningId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Method, Is.EqualTo("POST"));
        Assert.That(coordinator.SingleRequest.Path, Is.EqualTo($"/api/items/{SampleJson.RunningId}/{operation}"));
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo($"Bearer {CliRunner.TestKey}"));
        Assert.That(result.Stdout, Does.Contain("3f2a1b4c").And.Contain("Running"));
    }

    [Test]
    public async Task When_json_Should_print_the_item()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("POST", $"/api/items/{SampleJson.RunningId}/cancel", 200, SampleJson.RunningItem);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "cancel", SampleJson.RunningId, "--json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("state").GetString(), Is.EqualTo("Running"));
    }

    [TestCase("cancel")]
    [TestCase("retry")]
    public async Task When_the_state_does_not_allow_it_Should_exit_7_with_the_reason(string operation)
    {
        await using var coordinator = LoopbackCoordinator.Start().OnProblem("POST", $"/api/items/{SampleJson.SucceededId}/{operation}",
            409, "Not allowed in the item's state.", "the item has already Succeeded");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, operation, SampleJson.SucceededId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Conflict), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"cannot {operation} item {SampleJson.SucceededId}: the item has already Succeeded"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [TestCase("cancel")]
    [TestCase("retry")]
    public async Task When_the_item_does_not_exist_Should_exit_6(string operation)
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .OnProblem("POST", $"/api/items/{SampleJson.RunningId}/{operation}", 404, "No such item.", "item does not exist");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, operation, SampleJson.RunningId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
    }
}
