using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

public class ShowCommandTests
{
    LoopbackCoordinator coordinator = null!;

    [SetUp]
    public void StartCoordinator() => coordinator = LoopbackCoordinator.Start()
        .On("GET", $"/api/items/{SampleJson.SucceededId}", 200, SampleJson.SucceededItem)
        .On("GET", "/api/items?limit=1000", 200, SampleJson.ItemList);

    [TearDown]
    public async Task StopCoordinator() => await coordinator.DisposeAsync();

    [Test]
    public async Task When_showing_Should_print_the_fields_attempts_and_result_with_a_diff_stat()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "show", SampleJson.SucceededId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Method, Is.EqualTo("GET"));
        Assert.That(coordinator.SingleRequest.Path, Is.EqualTo($"/api/items/{SampleJson.SucceededId}"));
        Assert.That(result.Stdout, Does.Contain(SampleJson.SucceededId));
        Assert.That(result.Stdout, Does.Contain("Succeeded"));
        Assert.That(result.Stdout, Does.Contain("make bump --minor 'it'\\''s'"), "the command is shown as a shell would need it");
        Assert.That(result.Stdout, Does.Contain("team=infra"));
        Assert.That(result.Stdout, Does.Contain("Bump the minor versions"));
        Assert.That(result.Stdout, Does.Contain("worker-alpha").And.Contain("worker-beta"));
        Assert.That(result.Stdout, Does.Contain("tests failed [see log]"), "text with markup-like brackets is shown as is");
        Assert.That(result.Stdout, Does.Contain("stamina/7c0d2e11"));
        Assert.That(result.Stdout, Does.Contain("3 files changed, +10 -2"));
        Assert.That(result.Stdout, Does.Contain("0123456789ab..fedcba987654"));
        Assert.That(result.Stdout, Does.Contain("bumped 3 packages"));
    }

    [Test]
    public async Task When_only_the_required_fields_are_sent_Should_still_show_the_item()
    {
        await using var sparse = LoopbackCoordinator.Start().On("GET", $"/api/items/{SampleJson.RunningId}", 200, SampleJson.RunningItem);

        var result = await CliRunner.RunAsync(CliRunner.Against(sparse, "show", SampleJson.RunningId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain("Running").And.Contain("none yet"));
    }

    [Test]
    public async Task When_given_the_short_id_from_a_table_Should_find_the_item_among_recent_ones()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "show", "7c0d2e11"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.Requests.Select(r => r.PathAndQuery),
            Is.EqualTo(new[] { "/api/items?limit=1000", $"/api/items/{SampleJson.SucceededId}" }));
        Assert.That(result.Stdout, Does.Contain("3 files changed, +10 -2"));
    }

    [Test]
    public async Task When_a_short_id_matches_nothing_Should_exit_6()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "show", "dead"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
        Assert.That(result.Stderr, Does.Contain("no item id starts with 'dead'"));
    }

    [Test]
    public async Task When_a_short_id_matches_several_items_Should_exit_2_and_ask_for_more()
    {
        await using var twins = LoopbackCoordinator.Start().On("GET", "/api/items", 200,
            """{ "items": [ { "id": "abcd0000-0000-0000-0000-000000000001" }, { "id": "abcd0000-0000-0000-0000-000000000002" } ] }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(twins, "show", "abcd"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain("matches 2 items"));
    }

    [Test]
    public async Task When_json_Should_print_the_item_as_parseable_json()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "show", SampleJson.SucceededId, "--json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("result").GetProperty("filesChanged").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task When_the_item_does_not_exist_Should_exit_6_with_the_coordinators_reason()
    {
        var missing = Guid.NewGuid();
        await using var empty = LoopbackCoordinator.Start()
            .OnProblem("GET", $"/api/items/{missing}", 404, "No such item.", $"item {missing} does not exist");

        var result = await CliRunner.RunAsync(CliRunner.Against(empty, "show", missing.ToString()));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"item {missing} does not exist"));
        Assert.That(result.Stdout, Is.Empty);
    }
}
