using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Workers;

/// <summary>A failing health check drains the worker (no new work, status drained); passing again resumes it.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class WorkerHealthCheckTests(FleetMode mode) : FleetTestBase(mode)
{
    readonly string Sick = Path.Combine(Path.GetTempPath(), $"stamina-sick-{Guid.NewGuid():N}");

    private protected override FleetOptions Options => new()
    {
        WorkerSettings = HookSettingsFor.Hook("HealthCheck", $"if [ -e '{Sick}' ]; then echo 'disk full'; exit 1; fi",
            TimeSpan.FromSeconds(5), interval: TimeSpan.FromSeconds(1)),
    };

    [TearDown]
    public void RemoveFlag() => File.Delete(Sick);

    [Test]
    public async Task When_the_health_check_fails_Should_drain_every_worker_until_it_passes_again()
    {
        await File.WriteAllTextAsync(Sick, "");
        await Stamina.Testing.Eventually.UntilAsync(async () => (await fleet.WorkersAsync()).All(w => w.Text("state") == "drained"),
            TimeSpan.FromSeconds(30), "every worker to show drained");
        var worker = (await fleet.WorkersAsync())[0];
        Assert.That(worker.Text("attention"), Does.StartWith("health check failed: health-check hook exited 1:\ndisk full"));

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo done > result.txt" } })).Id();
        // Several heartbeats and health checks: a drained fleet starts nothing.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            Assert.That((await fleet.ItemAsync(id)).State(), Is.EqualTo("Queued"), "no drained worker takes the item");
        }

        File.Delete(Sick);
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.GetProperty("failures").GetInt32(), Is.Zero);
        await Stamina.Testing.Eventually.UntilAsync(async () => (await fleet.WorkersAsync()).All(w => w.Text("state") is "idle" or "busy"),
            TimeSpan.FromSeconds(30), "every worker to take work again");
    }
}
