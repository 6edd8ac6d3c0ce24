using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A schedule firing every two seconds while two coordinators run on one PostgreSQL, then across a restart of one and the
/// kill -9 of the other: every occurrence is recorded once and has at most one batch, and every fired occurrence exactly one.
/// </summary>
[TestFixture]
public sealed class ScheduleExactlyOnceTests : FleetTestBase
{
    private protected override FleetOptions Options => new()
    {
        Workers = 0,
        CoordinatorSettings = new Dictionary<string, string>(ScheduleTests.FastSchedules)
        {
            ["Stamina__Leadership__PollInterval"] = "00:00:01",
            ["Stamina__Leadership__SessionTimeout"] = "00:00:04",
        },
    };

    [Test]
    public async Task Two_coordinators_a_restart_and_a_kill_Should_fire_each_occurrence_exactly_once()
    {
        var (replica, replicaApi) = await fleet.StartCoordinatorReplicaAsync("coordinator-2");
        using var _ = replicaApi;
        var added = await replicaApi.PostAsJsonAsync("/api/schedules", new
        {
            name = "every-two-seconds",
            cron = "*/2 * * * * *",
            timeZone = "Europe/Berlin",
            overlap = "run",
            batch = new { items = new[] { new { key = "tick", repo = fleet.Repository.Path, command = new[] { "true" } } } },
        });
        Assert.That((int)added.StatusCode, Is.EqualTo(201), await added.Content.ReadAsStringAsync());
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await FiredAtLeastAsync(id, 3, "with two coordinators up");
        await fleet.RestartCoordinatorAsync();
        var beforeKill = await FiredAtLeastAsync(id, (await FiredAsync(id)) + 3, "after one coordinator restarted");
        replica.Signal(Signals.Kill);
        await replica.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await FiredAtLeastAsync(id, beforeKill + 3, "after the other was killed");
        Assert.That((await fleet.Api.PostAsync($"/api/schedules/{id}/pause", null)).IsSuccessStatusCode, Is.True);
        await Task.Delay(TimeSpan.FromSeconds(1)); // a pass under way when the pause landed may still finish its occurrence

        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        var doubled = await connection.QueryAsync<DateTime>(
            "select occurrence from batches where schedule_id = @id group by occurrence having count(*) > 1", new { id });
        Assert.That(doubled, Is.Empty, "no occurrence has two batches");
        var fired = await connection.QueryAsync<(DateTime Occurrence, Guid? Batch)>(
            "select occurrence, batch_id from schedule_occurrences where schedule_id = @id and outcome = 'fired'", new { id });
        var batches = await connection.QueryAsync<(DateTime Occurrence, Guid Batch)>(
            "select occurrence, id from batches where schedule_id = @id", new { id });
        Assert.That(batches.OrderBy(b => b.Occurrence).Select(b => ((DateTime?)b.Occurrence, (Guid?)b.Batch)),
            Is.EqualTo(fired.OrderBy(f => f.Occurrence).Select(f => ((DateTime?)f.Occurrence, f.Batch))),
            "each fired occurrence made exactly one batch, the one it records");
        var left = await connection.ExecuteScalarAsync<long>(
            "select count(*) from schedule_occurrences where schedule_id = @id and outcome not in ('fired', 'skipped')", new { id });
        Assert.That(left, Is.Zero, "no occurrence left half-fired");
    }

    /// <summary>Counted in the database: the API lists only the recent occurrences.</summary>
    async Task<int> FiredAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        return (int)await connection.ExecuteScalarAsync<long>(
            "select count(*) from schedule_occurrences where schedule_id = @id and outcome = 'fired'", new { id });
    }

    async Task<int> FiredAtLeastAsync(Guid id, int count, string when)
    {
        var fired = 0;
        await Eventually.UntilAsync(async () => (fired = await FiredAsync(id)) >= count, TimeSpan.FromSeconds(45),
            $"{count} occurrences fired {when}");
        return fired;
    }
}
