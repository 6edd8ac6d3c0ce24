using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stamina.Coordinator.Notifications;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Notifications;

/// <summary>The detector on a real store of each kind: what lands in the outbox, once, for rows as the saga writes them.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class NotificationDetectorTests(string kind)
{
    static readonly DateTimeOffset Start = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    TestStore store = null!;
    FakeTimeProvider clock = null!;
    TestMeterFactory meters = null!;

    [SetUp]
    public async Task Open()
    {
        store = await TestStore.CreateAsync(kind);
        clock = new FakeTimeProvider(Start);
        meters = new TestMeterFactory();
    }

    [TearDown]
    public async Task Close()
    {
        meters.Dispose();
        await store.DisposeAsync();
    }

    NotificationDetector Detector(int maxPerMinute = 20) => Detector(new NotificationSettings
    {
        Webhooks = [new WebhookSettings { Name = "ops", Url = "http://127.0.0.1:1/h", MaxPerMinute = maxPerMinute }],
        Settle = TimeSpan.FromSeconds(2),
    });

    NotificationDetector Detector(NotificationSettings settings)
    {
        var options = Options.Create(settings);
        return new NotificationDetector(store.Database, new NotificationOutbox(options, new NotificationMetrics(meters)),
            new Spend.SpendCaps(Options.Create(new Spend.SpendSettings())), options, clock,
            NullLogger<NotificationDetector>.Instance);
    }

    async Task<List<(string Webhook, string Kind, string Title, string Body, string Data)>> OutboxAsync()
    {
        await using var connection = await store.Database.OpenConnectionAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<(string, string, string, string, string)>(
            "select webhook, kind, title, body, data from notification_outbox order by id")];
    }

    async Task<Guid> ItemAsync(string state, DateTimeOffset created, DateTimeOffset updated, string labels = "{}", string? errorClass = null, double? cost = null)
    {
        var id = Guid.NewGuid();
        await using var connection = await store.Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            insert into work_items (id, state, attempt, failures, max_attempts, pool, created_at, updated_at)
            values (@id, @state, 1, @failures, 3, 'default', @created, @updated)
            """, new { id, state, failures = state == "Failed" ? 3 : 0, created, updated });
        await connection.ExecuteAsync($"""
            insert into work_item_specs (item_id, repo, base_ref, harness, command, prompt, timeout_seconds, labels)
            values (@id, '/r', 'HEAD', 'command', '[]'{store.Database.Dialect.JsonCast}, '', 60, @labels{store.Database.Dialect.JsonCast})
            """, new { id, labels });
        if (state is not ("Queued" or "Running"))
        {
            await connection.ExecuteAsync("""
                insert into attempts (item_id, number, worker, machine, account, started_at, ended_at, outcome, error_class, message, cost_usd)
                values (@id, 1, 'w1', 'm', 'acct', @created, @updated, @state, @errorClass, 'make: *** [test] Error 2', @cost)
                """, new { id, created, updated, state, errorClass, cost });
        }

        return id;
    }

    async Task SetStateAsync(Guid id, string state, DateTimeOffset updated)
    {
        await using var connection = await store.Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync("update work_items set state = @state, updated_at = @updated where id = @id", new { id, state, updated });
        await connection.ExecuteAsync("""
            insert into attempts (item_id, number, worker, machine, started_at, ended_at, outcome, cost_usd)
            values (@id, 1, 'w1', 'm', @updated, @updated, @state, 0.5)
            """, new { id, state, updated });
    }

    async Task PassAsync(NotificationDetector detector, TimeSpan after)
    {
        clock.Advance(after);
        await detector.DetectOnceAsync(CancellationToken.None);
    }

    [Test]
    public async Task When_an_item_fails_Should_write_one_notification_once_even_across_a_restart()
    {
        var detector = Detector();
        await PassAsync(detector, TimeSpan.Zero); // the first pass only sets the cursor
        var id = await ItemAsync("Failed", Start, Start.AddSeconds(1), errorClass: "exit");

        await PassAsync(detector, TimeSpan.FromSeconds(5));
        await PassAsync(Detector(), TimeSpan.FromSeconds(5)); // a restarted coordinator reads on from the cursor

        var failed = (await OutboxAsync()).Where(n => n.Kind == NotificationKinds.ItemFailed).ToList();
        Assert.That(failed, Has.Count.EqualTo(1));
        Assert.That(failed[0].Webhook, Is.EqualTo("ops"));
        Assert.That(failed[0].Title, Is.EqualTo($"Item {id} failed (exit)"));
        Assert.That(failed[0].Body, Does.Contain("failed after 3 failure(s)").And.Contain("make: *** [test] Error 2"));
    }

    [Test]
    public async Task When_a_breaker_opens_Should_notify_once_with_its_scope_key_and_signature()
    {
        var detector = Detector();
        await PassAsync(detector, TimeSpan.Zero);
        await using (var saga = await store.Database.BeginEventTransactionAsync(CancellationToken.None))
        {
            var book = new Stamina.Coordinator.Breakers.BreakerBook(saga.Connection, saga.Transaction, store.Database.Dialect);
            var breaker = await book.LockAsync(Stamina.Coordinator.Breakers.BreakerScopes.Repo, "/srv/repo", Start);
            var settings = new Stamina.Coordinator.Breakers.BreakerSettings { Threshold = 1 };
            Assert.That(breaker.RecordFailure("exit: fatal: cannot build", Guid.NewGuid(), Start, Start.AddSeconds(1), settings), Is.True);
            await book.SaveAsync(breaker);
            await saga.CommitAsync(CancellationToken.None);
        }

        await PassAsync(detector, TimeSpan.FromSeconds(5));
        await PassAsync(detector, TimeSpan.FromSeconds(5));

        var opened = (await OutboxAsync()).Where(n => n.Kind == NotificationKinds.BreakerOpened).ToList();
        Assert.That(opened, Has.Count.EqualTo(1));
        Assert.That(opened[0].Title, Is.EqualTo("Repository /srv/repo: circuit breaker open"));
        Assert.That(opened[0].Body, Does.Contain("exit: fatal: cannot build").And.Contain("its queued items wait"));
        Assert.That(opened[0].Data, Does.Contain("\"scope\":\"repo\""));
    }

    [Test]
    public async Task When_history_exists_before_the_first_pass_Should_not_announce_it()
    {
        await ItemAsync("Failed", Start.AddHours(-2), Start.AddHours(-1), errorClass: "exit");
        var detector = Detector();
        await PassAsync(detector, TimeSpan.Zero);
        await PassAsync(detector, TimeSpan.FromSeconds(5));

        Assert.That(await OutboxAsync(), Is.Empty);
    }

    [Test]
    public async Task When_the_last_item_of_a_batch_finishes_Should_summarise_the_batch_once()
    {
        var detector = Detector();
        await PassAsync(detector, TimeSpan.Zero);
        var first = await ItemAsync("Succeeded", Start, Start.AddSeconds(1), """{"batch":"night-1","team":"infra"}""", cost: 1.25);
        var second = await ItemAsync("Running", Start, Start, """{"batch":"night-1"}""");
        await ItemAsync("Succeeded", Start, Start.AddSeconds(1), """{"batch":"other"}""");
        await PassAsync(detector, TimeSpan.FromSeconds(5));
        Assert.That((await OutboxAsync()).Where(n => n.Kind == NotificationKinds.BatchEnded).Select(n => n.Title),
            Is.EqualTo(new[] { "Batch other ended" }), "night-1 still runs");

        await SetStateAsync(second, "Failed", Start.AddSeconds(6));
        await PassAsync(detector, TimeSpan.FromSeconds(5));
        await PassAsync(detector, TimeSpan.FromSeconds(5));

        var night = (await OutboxAsync()).Where(n => n.Title == "Batch night-1 ended").ToList();
        Assert.That(night, Has.Count.EqualTo(1));
        Assert.That(night[0].Body, Does.StartWith("1 succeeded, 1 failed, 0 cancelled in 6s; agent cost $1.75."));
        Assert.That(first, Is.Not.EqualTo(Guid.Empty));
    }

    [Test]
    public async Task When_the_queue_drains_Should_summarise_the_shift_once()
    {
        var detector = Detector();
        await PassAsync(detector, TimeSpan.Zero);
        await ItemAsync("Succeeded", Start, Start.AddSeconds(1), cost: 2);
        var running = await ItemAsync("Running", Start.AddSeconds(1), Start.AddSeconds(1));
        await PassAsync(detector, TimeSpan.FromSeconds(5));
        Assert.That((await OutboxAsync()).Any(n => n.Kind == NotificationKinds.QueueDrained), Is.False, "work remains");

        await SetStateAsync(running, "Succeeded", Start.AddSeconds(7));
        await PassAsync(detector, TimeSpan.FromSeconds(5));
        await PassAsync(detector, TimeSpan.FromSeconds(5));

        var drained = (await OutboxAsync()).Where(n => n.Kind == NotificationKinds.QueueDrained).ToList();
        Assert.That(drained, Has.Count.EqualTo(1));
        Assert.That(drained[0].Body, Is.EqualTo("2 succeeded, 0 failed, 0 cancelled in 7s; agent cost $2.50."));
        Assert.That(drained[0].Data, Does.Contain("\"succeeded\":2"));
    }

    [Test]
    public async Task When_more_events_come_than_the_rate_limit_Should_send_the_limit_then_one_suppressed_summary()
    {
        var detector = Detector(maxPerMinute: 2);
        await PassAsync(detector, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
            await ItemAsync("Failed", Start, Start.AddSeconds(1), errorClass: "exit");
        await PassAsync(detector, TimeSpan.FromSeconds(5));
        var kinds = (await OutboxAsync()).Select(n => n.Kind).ToList();
        Assert.That(kinds, Is.EqualTo(new[] { NotificationKinds.ItemFailed, NotificationKinds.ItemFailed }), "2 a minute");

        await PassAsync(detector, TimeSpan.FromSeconds(61));

        var rows = await OutboxAsync();
        // 3 failures were suppressed, and so was the drain summary of that same pass.
        Assert.That(rows.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKinds.ItemFailed, NotificationKinds.ItemFailed, NotificationKinds.Suppressed }));
        Assert.That(rows[2].Title, Is.EqualTo("4 more notification(s) suppressed"));
    }

    [Test]
    public async Task When_events_are_read_late_after_downtime_Should_still_hold_the_rate_limit()
    {
        var detector = Detector(maxPerMinute: 2);
        await PassAsync(detector, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
            await ItemAsync("Failed", Start, Start.AddSeconds(1), errorClass: "exit");

        // The coordinator was down for an hour: every event it now reads happened long before the last minute.
        await PassAsync(detector, TimeSpan.FromHours(1));

        var kinds = (await OutboxAsync()).Select(n => n.Kind).ToList();
        Assert.That(kinds, Is.EqualTo(new[] { NotificationKinds.ItemFailed, NotificationKinds.ItemFailed }), "still 2 a minute");
    }

    [Test]
    public async Task When_a_webhook_filters_by_level_and_event_Should_write_only_what_it_wants()
    {
        var detector = Detector(new NotificationSettings
        {
            Webhooks =
            [
                new WebhookSettings { Name = "errors", Url = "http://127.0.0.1:1/a", MinimumLevel = NotificationLevels.Error },
                new WebhookSettings { Name = "shift", Url = "http://127.0.0.1:1/b", Events = [NotificationKinds.QueueDrained] },
            ],
        });
        await PassAsync(detector, TimeSpan.Zero);
        await ItemAsync("Failed", Start, Start.AddSeconds(1), errorClass: "exit");
        await PassAsync(detector, TimeSpan.FromSeconds(5));

        var rows = await OutboxAsync();
        Assert.That(rows.Select(n => (n.Webhook, n.Kind)), Is.EquivalentTo(new[]
        {
            ("errors", NotificationKinds.ItemFailed),
            ("shift", NotificationKinds.QueueDrained),
        }));
    }

    [Test]
    public async Task When_a_webhook_is_removed_from_the_settings_Should_end_its_pending_notifications()
    {
        var old = Detector(new NotificationSettings { Webhooks = [new WebhookSettings { Name = "old", Url = "http://127.0.0.1:1/old" }] });
        await PassAsync(old, TimeSpan.Zero);
        await ItemAsync("Failed", Start, Start.AddSeconds(1), errorClass: "exit");
        await PassAsync(old, TimeSpan.FromSeconds(5));
        Assert.That((await OutboxAsync()).Select(n => n.Webhook), Is.All.EqualTo("old").And.Not.Empty);

        await PassAsync(Detector(), TimeSpan.FromSeconds(5));

        await using var connection = await store.Database.OpenConnectionAsync(CancellationToken.None);
        var endings = await connection.QueryAsync<string?>("select last_error from notification_outbox where webhook = 'old'");
        Assert.That(endings, Is.All.EqualTo("the webhook is no longer configured"));
    }
}
