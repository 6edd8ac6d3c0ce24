using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Facts;

/// <summary>The lease keeper: a lost lease stops the command; silence holds it (self-fence) and costs nothing until the patience runs out.</summary>
[TestFixture]
public sealed class LeaseKeeperFacts
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Real time per fake second: an answered heartbeat (milliseconds) is never overtaken by its fake 9 s timeout.</summary>
    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    FakeTimeProvider clock = null!;
    CoordinatorHarness<RenewLease> coordinator = null!;
    RunningAttempt attempt = null!;
    readonly WorkerSettings settings = new()
    {
        Name = "facts-worker",
        HeartbeatInterval = Interval,
        HeartbeatTimeout = TimeSpan.FromSeconds(9),
        OutagePatience = TimeSpan.FromMinutes(1),
    };

    [SetUp]
    public async Task SetUp()
    {
        clock = new FakeTimeProvider(FakeTime.Start);
        coordinator = await CoordinatorHarness<RenewLease>.StartAsync(clock);
        attempt = new RunningAttempt(Guid.NewGuid(), 4, null);
    }

    [TearDown]
    public async Task TearDown()
    {
        await coordinator.DisposeAsync();
        attempt.Dispose();
    }

    LeaseKeeper Keeper() => new(coordinator.Client(), Options.Create(settings), clock, NullLogger<LeaseKeeper>.Instance);

    ClaimGranted Claim() => new() { WorkItemId = attempt.WorkItemId, Attempt = attempt.Attempt, LeaseDuration = Lease };

    LeaseRenewed Renewed() => new() { WorkItemId = attempt.WorkItemId, Attempt = attempt.Attempt, LeaseDuration = Lease };

    [Test]
    public async Task Keep_StopsTheCommand_WhenTheLeaseIsLostMidRun()
    {
        coordinator.Script.Then(Renewed()).Then(Renewed()).Then(new LeaseLost { WorkItemId = attempt.WorkItemId, Attempt = attempt.Attempt, Reason = "reclaimed" });

        await clock.DriveAsync(Keeper().KeepAsync(attempt, Claim(), CancellationToken.None), TimeSpan.FromSeconds(1), Pause);

        Assert.That(attempt.Aborted.IsCancellationRequested, Is.True);
        Assert.That(attempt.Reason, Is.EqualTo(AbortReason.LeaseLost));
        Assert.That(coordinator.Script.Asked, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Keep_HoldsTheCommandThenLetsItGoOn_WhenTheCoordinatorIsSilentPastTheLeaseAndComesBack()
    {
        // Silent for four heartbeats (40 s > the 30 s lease), then back.
        coordinator.Script.ThenSilence().ThenSilence().ThenSilence().ThenSilence().Then(Renewed());
        var holds = new List<bool>();
        attempt.Hold.Attach(holds.Add);
        using var stop = new CancellationTokenSource();
        var keeping = Keeper().KeepAsync(attempt, Claim(), stop.Token);

        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (holds is not [true, false])
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(giveUp), $"the command was not held and let go on (holds: {string.Join(", ", holds)})");
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(Pause);
        }
        await stop.CancelAsync();
        await keeping;

        Assert.That(attempt.Aborted.IsCancellationRequested, Is.False, "an outage shorter than the patience costs nothing");
        Assert.That(coordinator.Script.Asked, Has.Count.EqualTo(5));
        Assert.That(attempt.IsLeaseConfirmed(clock), Is.True);
    }

    [Test]
    public async Task Keep_AsksAgain_WhenAHeartbeatHangsIgnoringItsCancellation()
    {
        // The CI run that found it: after a broker restart the keeper waited on one call for good, never renewed, and
        // the coordinator took a live holder's item away as lost once the lease ran out.
        coordinator.Script.Then(Renewed()).Then(Renewed());
        var (client, hanging) = HangingRequestClient<RenewLease>.Wrap(coordinator.Client(), hangs: 1);
        var holds = new List<bool>();
        attempt.Hold.Attach(holds.Add);
        using var stop = new CancellationTokenSource();
        var keeping = new LeaseKeeper(client, Options.Create(settings), clock, NullLogger<LeaseKeeper>.Instance).KeepAsync(attempt, Claim(), stop.Token);

        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (coordinator.Script.Asked.Count < 2)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(giveUp), $"the keeper stopped asking after a hung call (asked {coordinator.Script.Asked.Count}, hung {hanging.Hung})");
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(Pause);
        }
        await stop.CancelAsync();
        await keeping;

        Assert.That(hanging.Hung, Is.EqualTo(1));
        Assert.That(attempt.Aborted.IsCancellationRequested, Is.False, "one lost heartbeat costs nothing");
        Assert.That(holds, Is.Empty, "renewed within the lease: the command never stopped");
        Assert.That(attempt.IsLeaseConfirmed(clock), Is.True);
    }

    [Test]
    public async Task Keep_GivesTheAttemptUp_WhenTheOutageOutlastsThePatience()
    {
        coordinator.Script.ThenSilence();

        await clock.DriveAsync(Keeper().KeepAsync(attempt, Claim(), CancellationToken.None), TimeSpan.FromSeconds(1), Pause);

        Assert.That(attempt.Reason, Is.EqualTo(AbortReason.OutOfTouch), "released as an outage (no failure), its work saved by the runner");
        Assert.That(clock.GetUtcNow() - FakeTime.Start, Is.GreaterThanOrEqualTo(Lease + settings.OutagePatience));
    }

    [Test]
    public async Task Keep_EndsQuietly_WhenStopped()
    {
        coordinator.Script.Then(Renewed());
        using var stop = new CancellationTokenSource();
        var keeping = Keeper().KeepAsync(attempt, Claim(), stop.Token);
        clock.Advance(Interval);
        await stop.CancelAsync();

        await keeping;

        Assert.That(attempt.Aborted.IsCancellationRequested, Is.False);
    }
}
