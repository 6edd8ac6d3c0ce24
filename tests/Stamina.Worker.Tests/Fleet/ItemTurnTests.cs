using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Fleet;

/// <summary>One item at a time: a second delivery (a new channel after a reconnect) waits for the running item's turn.</summary>
[TestFixture]
public sealed class ItemTurnTests
{
    [Test]
    public async Task While_one_delivery_holds_the_turn_Should_keep_the_next_waiting_until_it_is_passed_on()
    {
        var turn = new ItemTurn();
        var first = await turn.TakeAsync(CancellationToken.None);

        var second = turn.TakeAsync(CancellationToken.None);
        await Task.Yield();
        Assert.That(second.IsCompleted, Is.False, "the redelivered message must not start beside the running item");

        first.Dispose();
        first.Dispose(); // passing it on twice must not open a second turn
        var next = await second.WaitAsync(TimeSpan.FromSeconds(10));
        var third = turn.TakeAsync(CancellationToken.None);
        await Task.Yield();
        Assert.That(third.IsCompleted, Is.False, "one turn, whatever was disposed twice");
        next.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Test]
    public async Task When_the_worker_stops_while_a_delivery_waits_Should_give_it_up()
    {
        var turn = new ItemTurn();
        using var running = await turn.TakeAsync(CancellationToken.None);
        using var stopping = new CancellationTokenSource();

        var waiting = turn.TakeAsync(stopping.Token);
        await stopping.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
    }
}
