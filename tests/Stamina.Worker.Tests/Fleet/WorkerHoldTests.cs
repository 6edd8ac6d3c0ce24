using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Tests.Fleet;

/// <summary>The gate's holds other than the account's: a shift window, a drain, a failing health check, a rest after a refusal.</summary>
[TestFixture]
public sealed class WorkerHoldTests
{
    FakeTimeProvider clock = null!;

    // 12:00 UTC: outside a 22:00-07:00 window in UTC. A new clock per test: the fixture's instance is shared.
    [SetUp]
    public void SetUp() => clock = new(new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task Off_shift_Should_take_no_work_and_open_by_itself_when_the_window_opens()
    {
        var gate = new AccountGate(clock, ShiftWindow.Parse("22:00-07:00", "UTC"));
        Assert.That(gate.IsOpen, Is.False);
        var (status, _, attention) = gate.Snapshot();
        Assert.That(status, Is.EqualTo(WorkerStatus.OffShift));
        Assert.That(attention, Does.Contain("off shift (22:00-07:00 UTC) until 2026-06-10 22:00:00Z"));

        var waiting = gate.WaitUntilOpenAsync(CancellationToken.None);
        // The wait goes in steps of at most an hour: move the clock in steps up to a minute before the window opens.
        var opens = new DateTimeOffset(2026, 6, 10, 22, 0, 0, TimeSpan.Zero);
        while (clock.GetUtcNow() + TimeSpan.FromMinutes(59) < opens)
        {
            clock.Advance(TimeSpan.FromMinutes(59));
            await Task.Delay(5);
            Assert.That(waiting.IsCompleted, Is.False, $"still closed at {clock.GetUtcNow():t}");
        }
        clock.SetUtcNow(opens);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That((gate.IsOpen, gate.Snapshot().Status), Is.EqualTo((true, (WorkerStatus?)null)));

        clock.SetUtcNow(new DateTimeOffset(2026, 6, 11, 7, 0, 0, TimeSpan.Zero));
        Assert.That(gate.Snapshot().Status, Is.EqualTo(WorkerStatus.OffShift), "closed again at 07:00");
    }

    [Test]
    public async Task A_drain_Should_hold_until_undrained_whatever_the_time()
    {
        var gate = new AccountGate(clock);
        gate.Drain("drained by an operator");
        var waiting = gate.WaitUntilOpenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3));
        Assert.That((waiting.IsCompleted, gate.Snapshot().Status, gate.Snapshot().Attention),
            Is.EqualTo((false, (WorkerStatus?)WorkerStatus.Drained, "drained by an operator")));
        gate.Resume();
        Assert.That(gate.IsOpen, Is.False, "resuming a paused account does not undrain");

        gate.Undrain();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(gate.IsOpen, Is.True);
    }

    [Test]
    public async Task A_failing_health_check_Should_drain_until_it_passes_again()
    {
        var gate = new AccountGate(clock);
        gate.SetUnhealthy("health check failed: disk full");
        Assert.That(gate.Snapshot(), Is.EqualTo(((WorkerStatus?)WorkerStatus.Drained, (DateTimeOffset?)null, (string?)"health check failed: disk full")));
        var waiting = gate.WaitUntilOpenAsync(CancellationToken.None);
        gate.SetUnhealthy(null);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(gate.IsOpen, Is.True);
    }

    [Test]
    public async Task A_rest_after_a_refusal_Should_close_for_its_time_and_show_no_status()
    {
        var gate = new AccountGate(clock);
        gate.Rest(TimeSpan.FromSeconds(10));
        Assert.That((gate.IsOpen, gate.Snapshot().Status), Is.EqualTo((false, (WorkerStatus?)null)));
        var waiting = gate.WaitUntilOpenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(gate.IsOpen, Is.True);
    }
}
