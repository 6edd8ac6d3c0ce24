using Microsoft.Extensions.Options;
using Stamina.Coordinator.Board;

namespace Stamina.Coordinator.Tests.Board;

public sealed class BoardEventHubTests
{
    static BoardEventHub Hub(int subscribers = 2, int buffer = 16) =>
        new(Options.Create(new BoardSettings { MaxSubscribers = subscribers, SubscriberBuffer = buffer }));

    [Test]
    public void Subscribers_beyond_the_cap_Should_be_refused_until_one_leaves()
    {
        var hub = Hub(subscribers: 2);
        var first = hub.TrySubscribe();
        using var second = hub.TrySubscribe();

        Assert.That(first, Is.Not.Null);
        Assert.That(second, Is.Not.Null);
        Assert.That(hub.TrySubscribe(), Is.Null);
        first!.Dispose();
        using var third = hub.TrySubscribe();
        Assert.That(third, Is.Not.Null);
    }

    [Test]
    public async Task A_listener_that_falls_a_buffer_behind_Should_be_dropped_while_others_keep_receiving()
    {
        var hub = Hub(buffer: 16);
        using var slow = hub.TrySubscribe()!;
        using var fast = hub.TrySubscribe()!;
        var received = 0;

        for (var i = 0; i < 40; i++)
        {
            hub.Publish(new BoardEvent("item", $"{{\"n\":{i}}}"));
            while (fast.Reader.TryRead(out _))
                received++;
        }

        Assert.That(received, Is.EqualTo(40));
        var buffered = 0;
        await foreach (var _ in slow.Reader.ReadAllAsync())
            buffered++;
        Assert.That(buffered, Is.EqualTo(16), "what it had, then its stream ends (the reader completes)");
        Assert.That(hub.HasSubscribers, Is.True);
        using var another = hub.TrySubscribe();
        Assert.That(another, Is.Not.Null, "the dropped listener's place is free again");
    }
}
