using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stamina.Coordinator.Board;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.Workers;

namespace Stamina.Coordinator.Tests.Board;

/// <summary>The board's one event loop on a real store of each kind.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class BoardEventPollerTests(string kind)
{
    static readonly DateTimeOffset Now = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    TestStore store = null!;

    [SetUp]
    public async Task Open() => store = await TestStore.CreateAsync(kind);

    [TearDown]
    public async Task Close() => await store.DisposeAsync();

    [Test]
    public async Task When_thousands_of_items_change_at_once_Should_announce_every_one_and_then_only_real_changes()
    {
        // A night's batch submitted in one go: far more rows within the read overlap than one page holds.
        var ids = Enumerable.Range(0, 2_500).Select(_ => Guid.NewGuid()).ToList();
        await InsertAsync(ids, Now.AddSeconds(-1));
        var settings = Options.Create(new BoardSettings { SubscriberBuffer = 10_000 });
        var hub = new BoardEventHub(settings);
        using var listener = hub.TrySubscribe()!;
        var clock = new FakeTimeProvider(Now);
        var poller = new BoardEventPoller(hub, store.Database, new WorkerQueries(store.Database, clock), clock, settings,
            NullLogger<BoardEventPoller>.Instance);

        await poller.PollAsync(CancellationToken.None);
        Assert.That(ItemEvents(listener).Select(e => e.Id).ToHashSet(), Is.EquivalentTo(ids), "every item once");

        // A lease renewal moves updated_at but nothing a person sees; a new state is news.
        await using (var connection = await store.Database.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("update work_items set updated_at = @at where id = @id", new { at = Now, id = ids[10] });
            await connection.ExecuteAsync("update work_items set state = 'Running', updated_at = @at where id = @id", new { at = Now, id = ids[2_400] });
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        await poller.PollAsync(CancellationToken.None);

        Assert.That(ItemEvents(listener).Select(e => (e.Id, e.State)), Is.EqualTo(new[] { (ids[2_400], "Running") }));
    }

    async Task InsertAsync(IEnumerable<Guid> ids, DateTimeOffset at)
    {
        await using var connection = await store.Database.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("""
            insert into work_items (id, state, attempt, failures, max_attempts, pool, created_at, updated_at)
            values (@id, 'Queued', 0, 0, 3, 'default', @at, @at)
            """, ids.Select(id => new { id, at }), transaction);
        await transaction.CommitAsync();
    }

    static List<ItemChange> ItemEvents(BoardSubscription listener)
    {
        var events = new List<ItemChange>();
        while (listener.Reader.TryRead(out var boardEvent))
        {
            if (boardEvent.Type == "item")
                events.Add(JsonSerializer.Deserialize<ItemChange>(boardEvent.Data, JsonSerializerOptions.Web)!);
        }
        return events;
    }
}
