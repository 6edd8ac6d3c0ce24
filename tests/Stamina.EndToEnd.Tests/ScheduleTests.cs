using System.Globalization;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Schedules as a user drives them (the <c>stamina schedule</c> CLI and the API): one fired for real a few seconds after it
/// is added runs its batch to Succeeded, in a fleet and in local mode.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class ScheduleTests(FleetMode mode) : FleetTestBase(mode)
{
    internal static readonly Dictionary<string, string> FastSchedules = new()
    {
        ["Stamina__Schedules__PollInterval"] = "00:00:00.500",
        ["Stamina__Schedules__MissedAfter"] = "00:00:05",
    };

    private protected override FleetOptions Options => new() { Workers = 1, CoordinatorSettings = FastSchedules };

    Dictionary<string, string> Cli => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    /// <summary>A six-field cron expression (seconds first) that occurs once, <paramref name="ahead"/> from now, in UTC.</summary>
    internal static string OnceIn(TimeSpan ahead)
    {
        var at = DateTimeOffset.UtcNow + ahead;
        return string.Create(CultureInfo.InvariantCulture, $"{at.Second} {at.Minute} {at.Hour} {at.Day} {at.Month} *");
    }

    string TaskFile(string body)
    {
        var path = Path.Combine(fleet.Root, $"night-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, body);
        return path;
    }

    [Test]
    public async Task A_schedule_at_a_near_time_Should_fire_once_and_run_its_batch_to_Succeeded()
    {
        var file = TaskFile($"""
            - repo: {fleet.Repository.Path}
              command: [sh, -c, "echo scheduled > scheduled.txt"]
            """);

        var add = await CliRun.RunAsync(Cli, "schedule", "add", "--cron", OnceIn(TimeSpan.FromSeconds(4)), "--tz", "UTC", "-f", file,
            "--name", "soon", "--json");
        Assert.That(add.ExitCode, Is.Zero, add.Error);
        var id = JsonDocument.Parse(add.Output).RootElement.GetProperty("id").GetGuid();

        var batch = Guid.Empty;
        await Eventually.UntilAsync(async () =>
        {
            var last = (await ScheduleAsync(id)).GetProperty("lastOccurrence");
            return last.ValueKind == JsonValueKind.Object && last.GetProperty("batchId").ValueKind == JsonValueKind.String
                && (batch = last.GetProperty("batchId").GetGuid()) != Guid.Empty;
        }, TimeSpan.FromSeconds(30), "the occurrence to fire");
        var items = JsonDocument.Parse(await fleet.Api.GetStringAsync($"/api/batches/{batch}")).RootElement.GetProperty("items");
        var item = items.EnumerateArray().Single().GetProperty("id").GetGuid();
        var done = await fleet.WaitForStateAsync(item, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(fleet.Repository.HasBranch(done.Result().GetProperty("branch").GetString()!), Is.True);

        var show = await CliRun.RunAsync(Cli, "schedule", "show", "soon");
        Assert.That(show.ExitCode, Is.Zero, show.Error);
        Assert.That(show.Output, Does.Contain("fired").And.Contain(batch.ToString("D")));
        var list = await CliRun.RunAsync(Cli, "schedule", "list");
        Assert.That(list.Output, Does.Contain("soon").And.Contain("fired").And.Contain("UTC"));
        var occurrences = (await ScheduleAsync(id)).GetProperty("occurrences");
        Assert.That(occurrences.GetArrayLength(), Is.EqualTo(1), "fired once");
    }

    async Task<JsonElement> ScheduleAsync(Guid id) => JsonDocument.Parse(await fleet.Api.GetStringAsync($"/api/schedules/{id}")).RootElement;
}
