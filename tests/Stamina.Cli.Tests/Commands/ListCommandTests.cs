using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

public class ListCommandTests
{
    LoopbackCoordinator coordinator = null!;

    [SetUp]
    public void StartCoordinator() => coordinator = LoopbackCoordinator.Start().On("GET", "/api/items", 200, SampleJson.ItemList);

    [TearDown]
    public async Task StopCoordinator() => await coordinator.DisposeAsync();

    [Test]
    public async Task When_listing_Should_show_a_row_per_item_with_short_id_state_pool_repo_and_branch()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "list"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.PathAndQuery, Is.EqualTo("/api/items"));
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo($"Bearer {CliRunner.TestKey}"));
        var lines = result.Stdout.Split('\n');
        var running = lines.Single(l => l.Contains("3f2a1b4c", StringComparison.Ordinal));
        Assert.That(running, Does.Contain("Running").And.Contain("default").And.Contain("/srv/git/web.git"));
        Assert.That(running, Does.Not.Contain(SampleJson.RunningId), "the table shows the short id");
        var succeeded = lines.Single(l => l.Contains("7c0d2e11", StringComparison.Ordinal));
        Assert.That(succeeded, Does.Contain("Succeeded").And.Contain("night").And.Contain("stamina/7c0d2e11"));
    }

    [Test]
    public async Task When_filtering_Should_pass_state_pool_and_limit_as_the_query()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "list", "--state", "Running", "--pool", "night shift", "--limit", "5"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.PathAndQuery, Is.EqualTo("/api/items?state=Running&pool=night%20shift&limit=5"));
    }

    [Test]
    public async Task When_json_Should_print_the_coordinators_document()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "list", "--json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        Assert.That(printed.RootElement.GetProperty("items")[1].GetProperty("somethingNewer").GetProperty("the").GetString(),
            Is.EqualTo("cli ignores it"), "--json passes the document through, unknown fields included");
    }

    [Test]
    public async Task When_nothing_matches_Should_say_so()
    {
        await using var empty = LoopbackCoordinator.Start().On("GET", "/api/items", 200, """{ "items": [] }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(empty, "list"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Is.EqualTo("No items." + Environment.NewLine));
    }
}
