using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Worker.Execution;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Tests.Fleet;

[TestFixture]
public sealed class AccountGateTests
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task A_limited_account_Should_open_by_itself_at_its_reset()
    {
        var gate = new AccountGate(clock);
        gate.Limit(clock.GetUtcNow().AddMinutes(20));
        Assert.That(gate.Snapshot(), Is.EqualTo(((WorkerStatus?)WorkerStatus.Limited, (DateTimeOffset?)clock.GetUtcNow().AddMinutes(20), (string?)null)));

        var waiting = gate.WaitUntilOpenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(19));
        Assert.That(waiting.IsCompleted, Is.False, "still limited a minute before the reset");
        clock.Advance(TimeSpan.FromMinutes(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(gate.IsOpen, Is.True);
    }

    [Test]
    public async Task A_reset_far_in_the_future_Should_rest_the_account_a_week_at_most()
    {
        var gate = new AccountGate(clock);
        gate.Limit(clock.GetUtcNow().AddDays(400));

        var reset = clock.GetUtcNow() + AccountGate.LongestRest;
        Assert.That(gate.Snapshot().LimitedUntil, Is.EqualTo(reset));
        var waiting = gate.WaitUntilOpenAsync(CancellationToken.None);
        // The wait goes in steps of at most an hour: keep the fake clock moving until it ends.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!waiting.IsCompleted && DateTime.UtcNow < deadline)
        {
            Assert.That(clock.GetUtcNow(), Is.LessThan(reset + TimeSpan.FromDays(1)), "the account opens at its capped reset");
            clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(1);
        }
        await waiting.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.That(clock.GetUtcNow(), Is.GreaterThanOrEqualTo(reset), "not before the reset");
    }

    [Test]
    public async Task A_paused_account_Should_wait_for_a_human_and_a_shutdown_should_end_the_wait()
    {
        var gate = new AccountGate(clock);
        gate.Pause("claude login failed");
        using var shutdown = new CancellationTokenSource();
        var waiting = gate.WaitUntilOpenAsync(shutdown.Token);
        clock.Advance(TimeSpan.FromDays(30));
        Assert.That((waiting.IsCompleted, gate.Snapshot().Attention), Is.EqualTo((false, "claude login failed")));

        gate.Resume();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        gate.Pause("again");
        var second = gate.WaitUntilOpenAsync(shutdown.Token);
        await shutdown.CancelAsync();
        Assert.That(async () => await second.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_cancel_that_races_the_end_of_an_attempt_Should_do_nothing()
    {
        var attempt = new RunningAttempt(Guid.NewGuid(), 1, null);
        attempt.Dispose();
        Assert.That(() => attempt.Abort(AbortReason.Cancelled), Throws.Nothing);
    }
}
