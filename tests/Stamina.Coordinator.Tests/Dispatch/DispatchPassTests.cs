using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Dispatch;

/// <summary>A pass larger than the sends it keeps in flight at once, and the wake that starts the next pass early.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class DispatchPassTests(string kind) : StoreFixture(kind)
{
    [Test]
    public async Task When_the_window_is_wider_than_the_sends_in_flight_Should_publish_and_record_the_whole_window()
    {
        for (var i = 0; i < 50; i++)
            await Store.SubmitAsync();
        var dispatcher = GateHarness.Dispatcher(Store, workers: 40);

        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.EqualTo(42), "one per consumer plus the buffer of 2");
        Assert.That(await GateHarness.PublishedAsync(Store), Has.Count.EqualTo(42), "every confirmed send is recorded");
        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.Zero, "the window is full until workers take messages");
    }

    [Test]
    public async Task When_an_item_is_submitted_Should_wake_the_dispatcher()
    {
        var woken = Store.Get<DispatchWake>().WaitAsync(default);
        Assert.That(woken.IsCompleted, Is.False, "nothing woke it yet");

        await Store.SubmitAsync();

        await woken.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task When_pulsed_many_times_Should_wake_once()
    {
        var wake = new DispatchWake();
        wake.Pulse();
        wake.Pulse();

        Assert.That(wake.WaitAsync(default).IsCompletedSuccessfully, Is.True);
        var next = wake.WaitAsync(default);
        Assert.That(next.IsCompleted, Is.False, "pulses while awake merge into one");
        wake.Pulse();
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
