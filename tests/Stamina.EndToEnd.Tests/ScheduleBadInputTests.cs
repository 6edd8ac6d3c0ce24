using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary><c>stamina schedule</c> and <c>/api/schedules</c> refuse bad input with an error naming the problem, and store nothing.</summary>
[TestFixture]
public sealed class ScheduleBadInputTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    Dictionary<string, string> Cli => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    string TaskFile(string body)
    {
        var path = Path.Combine(fleet.Root, $"night-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, body);
        return path;
    }

    [Test]
    public async Task Bad_input_Should_be_refused_naming_the_problem_and_store_nothing()
    {
        var good = TaskFile($"""
            - repo: {fleet.Repository.Path}
              command: [true]
            """);
        var outside = TaskFile("""
            - repo: /etc
              command: [true]
            """);
        var broken = TaskFile("- repo: [unclosed");

        var badCron = await CliRun.RunAsync(Cli, "schedule", "add", "--cron", "0 25 * * *", "--tz", "UTC", "-f", good);
        Assert.That(badCron.ExitCode, Is.EqualTo(5), badCron.Error);
        Assert.That(badCron.Error, Does.Contain("cron: '0 25 * * *' is not a valid cron expression"));
        var fourFields = await CliRun.RunAsync(Cli, "schedule", "add", "--cron", "0 22 * *", "--tz", "UTC", "-f", good);
        Assert.That(fourFields.Error, Does.Contain("has 4 field(s)"));
        var zone = await CliRun.RunAsync(Cli, "schedule", "add", "--cron", "0 22 * * 1-5", "--tz", "Europe/Atlantis", "-f", good);
        Assert.That((zone.ExitCode, zone.Error.Contains("'Europe/Atlantis' is not a known IANA time zone id", StringComparison.Ordinal)),
            Is.EqualTo((5, true)), zone.Error);
        var repo = await CliRun.RunAsync(Cli, "schedule", "add", "--cron", "0 22 * * 1-5", "--tz", "UTC", "-f", outside);
        Assert.That((repo.ExitCode, repo.Error.Contains("batch.items[0].repo", StringComparison.Ordinal)), Is.EqualTo((5, true)), repo.Error);
        var yaml = await CliRun.RunAsync(Cli, "schedule", "add", "--cron", "0 22 * * 1-5", "--tz", "UTC", "-f", broken);
        Assert.That((yaml.ExitCode, yaml.Error.Contains(Path.GetFileName(broken), StringComparison.Ordinal)), Is.EqualTo((5, true)), yaml.Error);
        var missing = await CliRun.RunAsync(Cli, "schedule", "add", "--cron", "0 22 * * 1-5", "--tz", "UTC", "-f", "/nonexistent/night.yml");
        Assert.That((missing.ExitCode, missing.Error.Contains("cannot read --file", StringComparison.Ordinal)), Is.EqualTo((2, true)), missing.Error);
        var policy = await CliRun.RunAsync(Cli, "schedule", "add", "--cron", "0 22 * * 1-5", "--tz", "UTC", "-f", good, "--missed", "maybe");
        Assert.That(policy.ExitCode, Is.EqualTo(2), policy.Error);

        foreach (var verb in new[] { "show", "pause", "resume", "remove" })
        {
            var unknown = await CliRun.RunAsync(Cli, "schedule", verb, Guid.NewGuid().ToString());
            Assert.That((unknown.ExitCode, unknown.Error.Contains("does not exist", StringComparison.Ordinal)), Is.EqualTo((6, true)),
                $"{verb}: {unknown.Error}");
        }
        var byName = await CliRun.RunAsync(Cli, "schedule", "show", "no-such-schedule");
        Assert.That((byName.ExitCode, byName.Error.Contains("no schedule has the id or name", StringComparison.Ordinal)), Is.EqualTo((6, true)));

        Assert.That((await fleet.Api.GetAsync("/api/schedules/not-an-id")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await fleet.Api.DeleteAsync($"/api/schedules/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var unknownField = new StringContent("""{"cron":"0 22 * * *","timeZone":"UTC","batch":{"items":[]},"cronn":1}""",
            Encoding.UTF8, "application/json");
        var field = await fleet.Api.PostAsync("/api/schedules", unknownField);
        Assert.That(field.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await field.Content.ReadAsStringAsync(), Does.Contain("cronn"));
        var noBatch = await fleet.Api.PostAsJsonAsync("/api/schedules", new { cron = "0 22 * * *", timeZone = "UTC" });
        Assert.That(await noBatch.Content.ReadAsStringAsync(), Does.Contain("\"batch\""));

        var all = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/schedules")).RootElement.GetProperty("schedules");
        Assert.That(all.GetArrayLength(), Is.Zero, "nothing was stored");
    }
}
