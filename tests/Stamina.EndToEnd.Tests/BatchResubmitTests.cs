using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary><c>stamina submit -f</c> that stopped half-way, run again: only what is missing is submitted.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class BatchResubmitTests(FleetMode mode) : FleetTestBase(mode)
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    Dictionary<string, string> Environment => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    async Task<int> CountItemsAsync() =>
        JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/items")).RootElement.GetProperty("items").GetArrayLength();

    string TaskFile(string secondRepo) => $"""
        defaults: {"{"} repo: {fleet.Repository.Path} {"}"}
        tasks:
          - command: [sh, -c, "echo one > one.txt"]
          - command: [sh, -c, "echo two > two.txt"]
            repo: {secondRepo}
          - command: [sh, -c, "echo three > three.txt"]
        """;

    [Test]
    public async Task When_a_task_was_refused_half_way_Should_submit_only_the_rest_when_run_again()
    {
        var file = Path.Combine(fleet.Root, "night.yml");
        await File.WriteAllTextAsync(file, TaskFile("/not/an/allowed/root"));

        var first = await CliRun.RunAsync(Environment, "submit", "-f", file);

        Assert.That(first.ExitCode, Is.EqualTo(5), first.Error);
        Assert.That(first.Error, Does.Contain("tasks[1]").And.Contain("1 task(s) before it were submitted").And.Contain("Run the same command again"));
        Assert.That(await CountItemsAsync(), Is.EqualTo(1));

        await File.WriteAllTextAsync(file, TaskFile(fleet.Repository.Path));
        var second = await CliRun.RunAsync(Environment, "submit", "-f", file);

        Assert.That(second.ExitCode, Is.Zero, second.Error);
        Assert.That(second.Error, Does.Contain("2 submitted, 1 already submitted"));
        Assert.That(second.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0], Does.EndWith("(already submitted)"));
        Assert.That(await CountItemsAsync(), Is.EqualTo(3));

        var third = await CliRun.RunAsync(Environment, "submit", "-f", file);
        Assert.That(third.Error, Does.Contain("0 submitted, 3 already submitted"));
        Assert.That(await CountItemsAsync(), Is.EqualTo(3));
    }

    [Test]
    public async Task When_the_coordinator_restarted_after_part_of_a_file_was_sent_Should_submit_only_the_rest()
    {
        if (Mode == FleetMode.Local)
            Assert.Ignore("local mode has no separate coordinator to restart; the refused-task case covers it");
        var file = Path.Combine(fleet.Root, "night.yml");
        var whole = TaskFile(fleet.Repository.Path);
        // The part a cut-off run sent: the file's first two tasks (keys do not depend on what follows them).
        await File.WriteAllTextAsync(file, whole[..whole.LastIndexOf("  - command", StringComparison.Ordinal)]);
        var cut = await CliRun.RunAsync(Environment, "submit", "-f", file, "--json");
        Assert.That(cut.ExitCode, Is.Zero, cut.Error);
        var sent = JsonDocument.Parse(cut.Output).RootElement.EnumerateArray().Select(i => i.Id()).ToList();
        await fleet.RestartCoordinatorAsync();

        await File.WriteAllTextAsync(file, whole);
        var again = await CliRun.RunAsync(Environment, "submit", "-f", file, "--json");

        Assert.That(again.ExitCode, Is.Zero, again.Error);
        var ids = JsonDocument.Parse(again.Output).RootElement.EnumerateArray().Select(i => i.Id()).ToList();
        Assert.That(ids.Take(2), Is.EqualTo(sent));
        Assert.That(await CountItemsAsync(), Is.EqualTo(3));
    }
}
