using Dapper;
using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Dispatch;

/// <summary>
/// The dispatcher records a message as published before it sends it (so a worker's claim never waits on the dispatcher's
/// row locks), and takes the mark back when the send fails, so the item goes out again on the next pass.
/// </summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class DispatchMarkTests(string kind) : StoreFixture(kind)
{
    [Test]
    public async Task When_a_message_leaves_Should_find_its_mark_already_committed()
    {
        var id = await Store.SubmitAsync();
        var seen = new List<int?>();
        var observer = new MarkObserver(Store, seen);
        using var _ = Store.Bus.Bus.ConnectSendObserver(observer);

        Assert.That(await GateHarness.Dispatcher(Store).DispatchOnceAsync(default), Is.EqualTo(1));

        Assert.That(seen, Is.EqualTo(new int?[] { 1 }), "another connection read the mark as the message was sent");
        Assert.That(await GateHarness.PublishedAsync(Store), Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task When_some_sends_fail_Should_keep_only_the_confirmed_marks_and_publish_the_rest_next_pass()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add(await Store.SubmitAsync());
        var failing = GateHarness.Dispatcher(Store, workers: 5, bus: FailingSends.Over(Store.Bus.Bus, send => send == 2));

        Assert.ThrowsAsync<InvalidOperationException>(() => failing.DispatchOnceAsync(default));

        var published = await GateHarness.PublishedAsync(Store);
        Assert.That(published, Has.Count.EqualTo(2), "the two sends that went out keep their marks");
        var unsent = ids.Except(published).Single();
        Assert.That(await PublishedTokenAsync(Store, unsent), Is.Null, "the failed send's mark is taken back");

        Assert.That(await GateHarness.Dispatcher(Store, workers: 5).DispatchOnceAsync(default), Is.EqualTo(1), "only the unsent item goes out again");
        Assert.That(await GateHarness.PublishedAsync(Store), Is.EquivalentTo(ids));
    }

    [Test]
    public async Task When_every_send_fails_Should_leave_nothing_marked()
    {
        await Store.SubmitAsync();
        await Store.SubmitAsync();
        var failing = GateHarness.Dispatcher(Store, workers: 5, bus: FailingSends.Over(Store.Bus.Bus, _ => true));

        Assert.ThrowsAsync<InvalidOperationException>(() => failing.DispatchOnceAsync(default));

        Assert.That(await GateHarness.PublishedAsync(Store), Is.Empty);
        Assert.That(await GateHarness.Dispatcher(Store, workers: 5).DispatchOnceAsync(default), Is.EqualTo(2));
    }

    static async Task<int?> PublishedTokenAsync(StoreHarness store, Guid id)
    {
        await using var connection = await store.Database.OpenConnectionAsync(default);
        return await connection.QuerySingleAsync<int?>("select published_token from work_items where id = @id", new { id });
    }

    /// <summary>Reads the item's mark from its own connection as each work message is sent.</summary>
    sealed class MarkObserver(StoreHarness store, List<int?> seen) : ISendObserver
    {
        public async Task PreSend<T>(SendContext<T> context) where T : class
        {
            if (context.Message is ExecuteWorkItem message)
                seen.Add(await PublishedTokenAsync(store, message.WorkItemId));
        }

        public Task PostSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

        public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
