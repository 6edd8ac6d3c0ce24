using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// <c>stamina submit -f</c> as one batch, and <c>stamina batch show|cancel|retry-failed|list</c>, against a real fleet: a
/// refused file writes nothing, the same file sent again answers the same batch, and the batch commands move its items.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class BatchCliTests(FleetMode mode) : FleetTestBase(mode)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private protected override FleetOptions Options => new() { Workers = 2 };

    Dictionary<string, string> Environment => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    async Task<int> CountItemsAsync() =>
        JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/items")).RootElement.GetProperty("items").GetArrayLength();

    string Night(string marker, string secondRepo) => $"""
        defaults: {"{"} repo: {fleet.Repository.Path}, maxAttempts: 1 {"}"}
        tasks:
          - name: slow
            command: [sh, -c, '[ "$STAMINA_ATTEMPT" != 1 ] || exec sleep 300; echo slow > slow.txt']
          - name: after-slow
            command: [sh, -c, "test -f slow.txt"]
            after: [slow]
            baseFrom: slow
          - name: flaky
            command: [sh, -c, "test -f '{marker}'"]
            repo: {secondRepo}
          - name: after-flaky
            command: [sh, -c, "echo next > next.txt"]
            after: [flaky]
        """;

    [Test]
    public async Task When_a_night_file_runs_Should_be_one_batch_that_the_batch_commands_show_cancel_and_retry()
    {
        var marker = Path.Combine(fleet.Root, "fixed");
        var file = Path.Combine(fleet.Root, "night.yml");
        await File.WriteAllTextAsync(file, Night(marker, "/not/an/allowed/root"));

        var refused = await CliRun.RunAsync(Environment, "submit", "-f", file);
        Assert.That(refused.ExitCode, Is.EqualTo(5), refused.ToString());
        Assert.That(refused.Error, Does.Contain("items[2].repo"));
        Assert.That(await CountItemsAsync(), Is.Zero, "a refused batch writes nothing");

        await File.WriteAllTextAsync(file, Night(marker, fleet.Repository.Path));
        var submitted = await CliRun.RunAsync(Environment, "submit", "-f", file);
        Assert.That(submitted.ExitCode, Is.Zero, submitted.ToString());
        var batchId = Guid.Parse(submitted.Output.Split('\n')[0]);
        Assert.That(submitted.Output, Does.Contain("after-slow").And.Contain("Pending"));
        var again = await CliRun.RunAsync(Environment, "submit", "-f", file);
        Assert.That((again.ExitCode, again.Output.Split('\n')[0]), Is.EqualTo((0, batchId.ToString("D"))), again.ToString());
        Assert.That(again.Error, Does.Contain("already submitted"));
        Assert.That(await CountItemsAsync(), Is.EqualTo(4));

        var ids = (await fleet.BatchAsync(batchId)).ItemIds();
        await fleet.WaitForStateAsync(ids["after-flaky"], "Skipped", Patience);
        await fleet.WaitForStateAsync(ids["slow"], "Running", Patience);
        var show = await CliRun.RunAsync(Environment, "batch", "show", batchId.ToString("D")[..8]);
        Assert.That(show.ExitCode, Is.Zero, show.ToString());
        Assert.That(show.Output, Does.Contain("after-flaky").And.Contain("Skipped").And.Contain("dependency flaky failed"));
        var list = await CliRun.RunAsync(Environment, "batch", "list");
        Assert.That(list.Output, Does.Contain(batchId.ToString("D")[..8]).And.Contain("night.yml"));

        var cancel = await CliRun.RunAsync(Environment, "batch", "cancel", batchId.ToString("D"));
        Assert.That(cancel.ExitCode, Is.Zero, cancel.ToString());
        Assert.That(cancel.Output, Does.Contain("Cancelled 2 item(s)"));
        var cancelled = await fleet.BatchAsync(batchId);
        Assert.That(cancelled.GetProperty("items").EnumerateArray().Select(i => i.State()),
            Is.EqualTo(new[] { "Cancelled", "Cancelled", "Failed", "Skipped" }), "a waiting dependant is cancelled before its dependency");
        Assert.That(cancelled.Text("summary"), Is.EqualTo("1 failed, 2 cancelled, 1 skipped; no cost reported; 0 branches"));

        await File.WriteAllTextAsync(marker, "");
        var retry = await CliRun.RunAsync(Environment, "batch", "retry-failed", batchId.ToString("D"), "--json");
        Assert.That(retry.ExitCode, Is.Zero, retry.ToString());
        Assert.That(JsonDocument.Parse(retry.Output).RootElement.GetProperty("moved").GetInt32(), Is.EqualTo(3));

        var ended = await fleet.WaitForBatchEndAsync(batchId, Patience);
        Assert.That(ended.Text("summary"), Does.StartWith("4 succeeded"), ended.ToString());
        var shown = await CliRun.RunAsync(Environment, "batch", "show", batchId.ToString("D"), "--json");
        Assert.That(JsonDocument.Parse(shown.Output).RootElement.GetProperty("branches").GetArrayLength(), Is.EqualTo(4));
    }
}
