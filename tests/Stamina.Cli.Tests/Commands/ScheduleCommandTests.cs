using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina schedule</c>: what it sends, what it prints, and its exit codes.</summary>
public class ScheduleCommandTests
{
    const string Id = "5a1c7e52-3f0b-4c4e-9a55-0d3b2b1f6a10";

    const string Schedule = $$"""
        { "id": "{{Id}}", "name": "nightly", "cron": "0 22 * * 1-5", "timeZone": "Europe/Berlin", "missed": "skip", "overlap": "skip",
          "paused": false, "nextOccurrence": "2026-03-30T20:00:00Z", "nextOccurrenceLocal": "2026-03-30T22:00:00+02:00",
          "lastOccurrence": { "occurrence": "2026-03-27T21:00:00Z", "occurrenceLocal": "2026-03-27T22:00:00+01:00", "outcome": "skipped",
            "missed": false, "summary": "skipped: batch 7b0e0c41-1111-4444-8888-000000000001 still running", "batchId": null },
          "occurrences": [
            { "occurrence": "2026-03-27T21:00:00Z", "occurrenceLocal": "2026-03-27T22:00:00+01:00", "outcome": "skipped", "missed": false,
              "summary": "skipped: batch 7b0e0c41-1111-4444-8888-000000000001 still running", "batchId": null },
            { "occurrence": "2026-03-26T21:00:00Z", "occurrenceLocal": "2026-03-26T22:00:00+01:00", "outcome": "fired", "missed": false,
              "summary": "fired", "batchId": "7b0e0c41-1111-4444-8888-000000000001" } ] }
        """;

    LoopbackCoordinator coordinator = null!;
    string directory = null!;

    [SetUp]
    public void Start()
    {
        coordinator = LoopbackCoordinator.Start()
            .On("GET", "/api/schedules", 200, $$"""{ "schedules": [{{Schedule}}] }""")
            .On("GET", $"/api/schedules/{Id}", 200, Schedule)
            .On("POST", "/api/schedules", 201, Schedule);
        directory = Directory.CreateTempSubdirectory("stamina-schedule-").FullName;
    }

    [TearDown]
    public async Task Stop()
    {
        await coordinator.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task Add_Should_send_the_cron_the_zone_the_policies_and_the_files_tasks_as_the_batch()
    {
        var file = Path.Combine(directory, "night.yml");
        await File.WriteAllTextAsync(file, """
            - name: build
              repo: https://example.com/acme/api.git
              command: [make]
            - name: test
              repo: https://example.com/acme/api.git
              command: [make, test]
              after: [build]
            """);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "schedule", "add", "--cron", "0 22 * * 1-5", "--tz", "Europe/Berlin",
            "-f", file, "--missed", "run", "--overlap", "run"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var body = JsonDocument.Parse(coordinator.SingleRequest.Body);
        var sent = body.RootElement;
        Assert.That((sent.GetProperty("cron").GetString(), sent.GetProperty("timeZone").GetString(), sent.GetProperty("name").GetString()),
            Is.EqualTo(("0 22 * * 1-5", "Europe/Berlin", "night")));
        Assert.That((sent.GetProperty("missed").GetString(), sent.GetProperty("overlap").GetString()), Is.EqualTo(("run", "run")));
        var tasks = sent.GetProperty("batch").GetProperty("items");
        Assert.That(tasks[0].GetProperty("repo").GetString(), Is.EqualTo("https://example.com/acme/api.git"));
        Assert.That((tasks[1].GetProperty("key").GetString(), tasks[1].GetProperty("after")[0].GetString()), Is.EqualTo(("test", "build")),
            "the file's names and dependencies, as submit -f sends them");
        Assert.That(result.Stdout, Does.Contain(Id).And.Contain("2026-03-30 22:00:00 +02:00"));
    }

    [Test]
    public async Task List_Should_show_the_next_occurrence_on_its_clock_and_in_utc_and_the_last_outcome()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "schedule", "list"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        var row = result.Stdout.Split('\n').Single(line => line.Contains("nightly", StringComparison.Ordinal));
        Assert.That(row, Does.Contain("0 22 * * 1-5").And.Contain("Europe/Berlin").And.Contain("2026-03-30 22:00:00 +02:00")
            .And.Contain("2026-03-30 20:00:00Z").And.Contain("skipped: batch 7b0e0c41").And.Contain("no"));
    }

    [Test]
    public async Task Show_by_name_Should_list_the_recent_occurrences_with_their_batches()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "schedule", "show", "nightly"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        var fired = result.Stdout.Split('\n').Single(line => line.Contains("2026-03-26 22:00:00 +01:00", StringComparison.Ordinal));
        Assert.That(fired, Does.Contain("fired").And.Contain("7b0e0c41-1111-4444-8888-000000000001"));
    }

    [Test]
    public async Task A_bad_task_file_Should_exit_before_anything_is_sent()
    {
        var file = Path.Combine(directory, "broken.yml");
        await File.WriteAllTextAsync(file, "- repo: [unclosed\n");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "schedule", "add", "--cron", "0 22 * * *", "--tz", "UTC", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest), result.ToString());
        Assert.That(result.Stderr, Does.Contain("broken.yml"));
        Assert.That(coordinator.Requests, Is.Empty);
    }

    [Test]
    public async Task A_missing_option_or_a_bad_policy_Should_be_a_usage_error()
    {
        var noCron = await CliRunner.RunAsync(CliRunner.Against(coordinator, "schedule", "add", "--tz", "UTC", "-f", "x.yml"));
        var policy = await CliRunner.RunAsync(CliRunner.Against(coordinator, "schedule", "add", "--cron", "0 22 * * *", "--tz", "UTC",
            "-f", "x.yml", "--overlap", "sometimes"));

        Assert.That((noCron.ExitCode, policy.ExitCode), Is.EqualTo((ExitCodes.Usage, ExitCodes.Usage)));
        Assert.That(noCron.Stderr, Does.Contain("--cron"));
        Assert.That(policy.Stderr, Does.Contain("sometimes"));
    }
}
