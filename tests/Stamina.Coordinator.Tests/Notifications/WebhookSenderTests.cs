using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Notifications;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Notifications;

/// <summary>The sender against real endpoints on loopback that answer, fail or hang, with the outbox in a real store.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class WebhookSenderTests(string kind)
{
    TestStore store = null!;
    TestMeterFactory meters = null!;

    [SetUp]
    public async Task Open()
    {
        store = await TestStore.CreateAsync(kind);
        meters = new TestMeterFactory();
    }

    [TearDown]
    public async Task Close()
    {
        meters.Dispose();
        await store.DisposeAsync();
    }

    static Notification Failure(int n) => new(NotificationKinds.ItemFailed, NotificationLevels.Error, $"Item {n} failed", "exit 2",
        DateTimeOffset.UtcNow, new JsonObject { ["n"] = n });

    async Task<WebhookSender> StartAsync(NotificationSettings settings, params Notification[] notifications)
    {
        var options = Options.Create(settings);
        var metrics = new NotificationMetrics(meters);
        await using (var transaction = await store.Database.BeginEventTransactionAsync(CancellationToken.None))
        {
            await new NotificationOutbox(options, metrics).EnqueueAsync(transaction.Connection, transaction.Transaction, notifications, DateTimeOffset.UtcNow);
            await transaction.CommitAsync(CancellationToken.None);
        }
        var sender = new WebhookSender(store.Database, options, metrics, TimeProvider.System, NullLogger<WebhookSender>.Instance);
        await sender.StartAsync(CancellationToken.None);
        return sender;
    }

    async Task<List<(string Webhook, bool Delivered, bool GivenUp, int Attempts, string? Error)>> RowsAsync()
    {
        await using var connection = await store.Database.OpenConnectionAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<(string, bool, bool, int, string?)>("""
            select webhook, delivered_at is not null, given_up_at is not null, attempts, last_error from notification_outbox order by id
            """)];
    }

    static NotificationSettings Settings(params WebhookSettings[] webhooks) => Settings(TimeSpan.FromMilliseconds(500), webhooks);

    static NotificationSettings Settings(TimeSpan timeout, params WebhookSettings[] webhooks) => new()
    {
        Webhooks = [.. webhooks],
        Timeout = timeout,
        RetryDelay = TimeSpan.FromMilliseconds(50),
        Retries = 2,
    };

    [Test]
    public async Task When_the_endpoint_answers_Should_deliver_each_notification_once_in_order()
    {
        await using var receiver = new WebhookReceiver();
        using var sender = await StartAsync(Settings(new WebhookSettings { Name = "ok", Url = receiver.Url }), Failure(1), Failure(2));

        await Eventually.UntilAsync(async () => (await RowsAsync()).All(r => r.Delivered), TimeSpan.FromSeconds(10), "both delivered");
        await sender.StopAsync(CancellationToken.None);

        Assert.That(receiver.Received.Select(r => r.Body), Has.Exactly(1).Contains("Item 1 failed").And.Exactly(1).Contains("Item 2 failed"));
        Assert.That(receiver.Received[0].Body, Does.Contain("Item 1 failed"));
        Assert.That((await RowsAsync()).Select(r => r.Attempts), Is.All.EqualTo(1));
    }

    [Test]
    public async Task When_the_endpoint_answers_500_Should_retry_then_give_up_and_record_why()
    {
        await using var receiver = new WebhookReceiver(WebhookAnswer.ServerError);
        using var sender = await StartAsync(Settings(new WebhookSettings { Name = "broken", Url = receiver.Url }), Failure(1));

        await Eventually.UntilAsync(async () => (await RowsAsync()).Single().GivenUp, TimeSpan.FromSeconds(10), "the delivery to be given up");
        await sender.StopAsync(CancellationToken.None);

        Assert.That(receiver.Received, Has.Count.EqualTo(3), "one try and two retries");
        var row = (await RowsAsync()).Single();
        Assert.That((row.Delivered, row.Attempts, row.Error), Is.EqualTo((false, 3, "the endpoint answered HTTP 500")));
    }

    [Test]
    public async Task When_the_endpoint_refuses_with_404_Should_give_up_without_retrying()
    {
        await using var receiver = new WebhookReceiver(WebhookAnswer.NotFound);
        using var sender = await StartAsync(Settings(new WebhookSettings { Name = "wrong", Url = receiver.Url }), Failure(1));

        await Eventually.UntilAsync(async () => (await RowsAsync()).Single().GivenUp, TimeSpan.FromSeconds(10), "the delivery to be given up");
        await sender.StopAsync(CancellationToken.None);

        Assert.That(receiver.Received, Has.Count.EqualTo(1), "a wrong URL or token does not heal by retrying");
        Assert.That((await RowsAsync()).Single().Error, Is.EqualTo("the endpoint answered HTTP 404"));
    }

    [Test]
    public async Task When_one_endpoint_hangs_Should_time_out_and_retry_it_while_the_other_webhook_is_delivered_at_once()
    {
        await using var hanging = new WebhookReceiver(WebhookAnswer.Hang);
        await using var healthy = new WebhookReceiver();
        using var sender = await StartAsync(Settings(
                new WebhookSettings { Name = "hangs", Url = hanging.Url },
                new WebhookSettings { Name = "fine", Url = healthy.Url }),
            Failure(1));

        await Eventually.UntilAsync(() => Task.FromResult(healthy.Received.Count == 1), TimeSpan.FromSeconds(5), "the healthy webhook to get it");
        Assert.That((await RowsAsync()).Single(r => r.Webhook == "hangs").GivenUp, Is.False, "the hanging one is still being tried");

        await Eventually.UntilAsync(async () => (await RowsAsync()).Single(r => r.Webhook == "hangs").GivenUp, TimeSpan.FromSeconds(10), "the hanging delivery to be given up");
        await sender.StopAsync(CancellationToken.None);

        Assert.That(hanging.Received, Has.Count.EqualTo(3), "each try timed out, then was retried");
        Assert.That((await RowsAsync()).Single(r => r.Webhook == "hangs").Error, Does.StartWith("no answer within"));
    }

    [Test]
    public async Task When_the_sender_stops_before_delivering_Should_deliver_after_the_restart()
    {
        await using var receiver = new WebhookReceiver(WebhookAnswer.Hang);
        var webhook = new WebhookSettings { Name = "later", Url = receiver.Url };
        var first = await StartAsync(Settings(TimeSpan.FromSeconds(30), webhook), Failure(1));
        await Eventually.UntilAsync(() => Task.FromResult(receiver.Received.Count == 1), TimeSpan.FromSeconds(5), "the first try");
        await first.StopAsync(CancellationToken.None);
        first.Dispose();
        Assert.That((await RowsAsync()).Single() is { Delivered: false, GivenUp: false }, "a stop leaves it pending");

        receiver.Answer = WebhookAnswer.Ok;
        using var second = await StartAsync(Settings(webhook));

        await Eventually.UntilAsync(async () => (await RowsAsync()).Single().Delivered, TimeSpan.FromSeconds(10), "the delivery after the restart");
        await second.StopAsync(CancellationToken.None);
    }
}
