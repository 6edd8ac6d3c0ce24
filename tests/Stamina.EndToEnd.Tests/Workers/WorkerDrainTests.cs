using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Workers;

/// <summary><c>stamina workers drain</c>: the worker finishes its item, takes nothing new, and stays drained across a restart.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class WorkerDrainTests(FleetMode mode) : FleetTestBase(mode)
{
    Dictionary<string, string> Cli => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    async Task<string?> StateOfAsync(string name) => (await fleet.WorkersAsync()).Single(w => w.Text("name") == name).Text("state");

    [Test]
    public async Task When_a_busy_worker_is_drained_Should_finish_its_item_and_the_next_items_go_to_another_worker()
    {
        var marker = Path.Combine(fleet.Root, "go");
        var first = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", $"while [ ! -e '{marker}' ]; do sleep 0.1; done; echo done > result.txt" },
        })).Id();
        var running = await fleet.WaitForStateAsync(first, "Running", TimeSpan.FromSeconds(60));
        var drained = running.Text("holder")!;
        // Its heartbeat names the item only from its next beat on; before that the coordinator sees it idle.
        await Eventually.UntilAsync(async () => await StateOfAsync(drained) == "busy", TimeSpan.FromSeconds(30), $"{drained} to report its item");

        var drain = await CliRun.RunAsync(Cli, "workers", "drain", drained);
        Assert.That(drain.ExitCode, Is.Zero, drain.Error);
        Assert.That(drain.Output, Does.Contain($"Draining worker {drained}"));
        Assert.That(await StateOfAsync(drained), Is.EqualTo("draining"), "busy and drained: finishing its item");

        File.WriteAllText(marker, "");
        var item = await fleet.WaitForStateAsync(first, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.Attempts().Single().Text("worker"), Is.EqualTo(drained), "the current item finished where it ran");
        await Eventually.UntilAsync(async () => await StateOfAsync(drained) == "drained", TimeSpan.FromSeconds(30), $"{drained} to show drained");

        var next = new List<Guid>();
        for (var i = 0; i < 3; i++)
            next.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo done > result.txt" } })).Id());
        foreach (var id in next)
        {
            var done = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
            Assert.That(done.Attempts().Select(a => a.Text("worker")), Has.None.EqualTo(drained), "nothing new on the drained worker");
            Assert.That(done.GetProperty("failures").GetInt32(), Is.Zero);
        }

        if (Mode == FleetMode.Processes)
        {
            // The coordinator keeps the drain: a restarted worker learns it at registration.
            var process = fleet.Workers.Single(w => w.Name == drained);
            process.Signal(Signals.Terminate);
            await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            fleet.Retire(process);
            await fleet.StartWorkerAsync(drained);
            await Eventually.UntilAsync(async () => await StateOfAsync(drained) == "drained", TimeSpan.FromSeconds(30),
                $"restarted {drained} to be drained still");
        }

        var undrain = await CliRun.RunAsync(Cli, "workers", "undrain", drained);
        Assert.That(undrain.ExitCode, Is.Zero, undrain.Error);
        await Eventually.UntilAsync(async () => await StateOfAsync(drained) == "idle", TimeSpan.FromSeconds(30), $"{drained} to take work again");
        var workers = await CliRun.RunAsync(Cli, "workers", "--json");
        var row = JsonDocument.Parse(workers.Output).RootElement.GetProperty("workers").EnumerateArray().Single(w => w.Text("name") == drained);
        Assert.That(row.GetProperty("drainedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task When_a_drain_or_undrain_message_is_lost_Should_bring_the_worker_in_line_with_the_coordinators_record()
    {
        if (Mode != FleetMode.Processes)
            Assert.Ignore("the record is changed in PostgreSQL behind the coordinator's back");
        var name = (await fleet.WorkersAsync()).First().Text("name")!;
        await using var connection = new Npgsql.NpgsqlConnection(fleet.DatabaseConnectionString);

        // A drain recorded whose message never arrived: the worker's next heartbeats disagree, and it is told again.
        await Dapper.SqlMapper.ExecuteAsync(connection, "update workers set drained_at = now() where name = @name", new { name });
        await Eventually.UntilAsync(async () => await StateOfAsync(name) == "drained", TimeSpan.FromSeconds(30), $"{name} to drain");

        // An undrain whose message was lost: the same, the other way.
        await Dapper.SqlMapper.ExecuteAsync(connection, "update workers set drained_at = null where name = @name", new { name });
        await Eventually.UntilAsync(async () => await StateOfAsync(name) == "idle", TimeSpan.FromSeconds(30), $"{name} to take work again");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo done > result.txt" } })).Id();
        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task Draining_an_unknown_worker_Should_exit_6_naming_it()
    {
        var drain = await CliRun.RunAsync(Cli, "workers", "drain", "no-such-worker");
        Assert.That(drain.ExitCode, Is.EqualTo(6));
        Assert.That(drain.Error, Does.Contain("no worker named 'no-such-worker'"));
        using var response = await fleet.Api.PostAsync("/api/workers/no-such-worker/undrain", null);
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        using var anonymous = new HttpClient { BaseAddress = fleet.Api.BaseAddress };
        using var refused = await anonymous.PostAsync("/api/workers/w1/drain", null);
        Assert.That((int)refused.StatusCode, Is.EqualTo(401), "the API key is required");
    }
}
