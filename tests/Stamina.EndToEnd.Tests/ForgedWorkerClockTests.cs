using System.Text.Json;
using MassTransit;
using Stamina.Contracts;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A client with the broker's credentials announces a live worker's name with a start far in the future: the
/// workers row keeps the newest run, so one such message would hide the real worker's heartbeats until then.
/// Fleet mode only: local mode's workers talk over an in-process bus nobody else can reach.
/// </summary>
[TestFixture]
public sealed class ForgedWorkerClockTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_an_intruder_sends_a_live_workers_heartbeat_from_the_future_Should_drop_it_and_keep_hearing_the_worker()
    {
        var real = await WorkerAsync();
        await using var intruder = await BrokerIntruder.ConnectAsync(fleet);

        await intruder.Bus.Publish(new WorkerHeartbeat
        {
            Worker = new WorkerIdentity { Name = "w1", Machine = "forged", Pool = "default" },
            Status = WorkerStatus.Paused,
            StartedAt = DateTimeOffset.UtcNow.AddYears(100),
            SentAt = DateTimeOffset.UtcNow,
            Interval = TimeSpan.FromDays(1),
            Attention = "forged",
        });

        await Eventually.UntilAsync(() => Task.FromResult(fleet.Coordinator.Output.Any(l => l.Contains("Dropped a heartbeat of worker w1", StringComparison.Ordinal)
            && l.Contains("ahead of the coordinator's clock", StringComparison.Ordinal))), TimeSpan.FromSeconds(15), "the coordinator to drop the heartbeat");
        await AssertStillHeardAsync(real);
    }

    [Test]
    public async Task When_a_run_registers_a_live_name_with_a_start_from_the_future_Should_be_refused_naming_the_clock()
    {
        var real = await WorkerAsync();
        await using var intruder = await BrokerIntruder.ConnectAsync(fleet);

        // The live run's machine and work directory: without the clock check it passes as that run's successor.
        var answer = await intruder.AskAsync<RegisterWorker, WorkerRegistered, WorkerRefused>(new RegisterWorker
        {
            Worker = new WorkerIdentity { Name = "w1", Machine = real.GetProperty("machine").GetString()!, Pool = "default" },
            StartedAt = DateTimeOffset.UtcNow.AddYears(100),
            WorkDir = Path.GetFullPath(Path.Combine(fleet.Root, "workers", "w1")),
            Version = "forged",
            Interval = TimeSpan.FromDays(1),
        });

        Assert.That(answer.Is(out Response<WorkerRefused>? refused), Is.True, "a start from the future is refused");
        Assert.That(refused!.Message.Reason, Does.Contain("more than 5 minutes ahead of the coordinator's clock"));
        await AssertStillHeardAsync(real);
    }

    async Task<JsonElement> WorkerAsync() => (await fleet.WorkersAsync()).Single(w => w.GetProperty("name").GetString() == "w1");

    /// <summary>w1's row still names the real run and its real heartbeats keep arriving.</summary>
    async Task AssertStillHeardAsync(JsonElement real)
    {
        var heard = DateTimeOffset.UtcNow;
        JsonElement now = default;
        await Eventually.UntilAsync(async () => (now = await WorkerAsync()).GetProperty("lastSeenAt").GetDateTimeOffset() > heard.AddSeconds(2),
            TimeSpan.FromSeconds(15), "w1 to heartbeat after the forged message");
        Assert.That(now.GetProperty("startedAt").GetDateTimeOffset(), Is.EqualTo(real.GetProperty("startedAt").GetDateTimeOffset()));
        Assert.That(now.GetProperty("machine").GetString(), Is.EqualTo(real.GetProperty("machine").GetString()));
        Assert.That(now.GetProperty("state").GetString(), Is.Not.EqualTo("offline").And.Not.EqualTo("paused"));
    }
}
