using Stamina.Coordinator.Notifications;

namespace Stamina.Coordinator.Tests.Notifications;

public sealed class NotificationSettingsValidatorTests
{
    static IReadOnlyList<string> Errors(params WebhookSettings[] webhooks) =>
        new NotificationSettingsValidator().Validate(null, new NotificationSettings { Webhooks = [.. webhooks] }).Failures?.ToList() ?? [];

    [Test]
    public void When_every_webhook_is_right_Should_pass() =>
        Assert.That(Errors(
            new WebhookSettings { Url = "https://hooks.slack.com/services/T/B/x", Format = "slack", MinimumLevel = "warning" },
            new WebhookSettings { Url = "http://127.0.0.1:8080/night", Format = "ntfy", Events = ["item.failed", "queue.drained"] }), Is.Empty);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("hooks.slack.com/services/T/B/secret")]
    [TestCase("ftp://example.com/secret")]
    [TestCase("file:///etc/secret")]
    public void When_the_url_is_bad_Should_name_the_setting_without_repeating_the_url(string? url)
    {
        var errors = Errors(new WebhookSettings { Url = url });
        Assert.That(errors, Is.EqualTo(new[] { "Stamina:Notifications:Webhooks:0:Url is missing or not an absolute http(s) URL." }));
    }

    [Test]
    public void When_the_url_carries_a_password_Should_refuse_it() =>
        Assert.That(Errors(new WebhookSettings { Url = "https://user:secret@example.com/hook" }).Single(),
            Does.Contain("Webhooks:0:Url must not carry a user and password").And.Not.Contain("secret"));

    [Test]
    public void When_the_format_level_or_event_is_unknown_Should_list_what_is_known()
    {
        var errors = Errors(new WebhookSettings { Url = "https://example.com/h", Format = "teams", MinimumLevel = "loud", Events = ["item.failled"], MaxPerMinute = 0 });

        Assert.That(errors, Is.EquivalentTo(new[]
        {
            "Stamina:Notifications:Webhooks:0:Format 'teams' is unknown; use json, slack, ntfy.",
            "Stamina:Notifications:Webhooks:0:MinimumLevel 'loud' is unknown; use info, warning, error.",
            "Stamina:Notifications:Webhooks:0:Events: 'item.failled' is unknown; use item.failed, batch.ended, queue.drained, account.limited, account.auth_failed, worker.paused, worker.lost, spend.cap_reached, breaker.opened.",
            "Stamina:Notifications:Webhooks:0:MaxPerMinute must be at least 1.",
        }));
    }

    [Test]
    public void When_two_webhooks_share_a_name_Should_refuse_the_second() =>
        Assert.That(Errors(new WebhookSettings { Url = "https://a.example/h", Name = "ops" }, new WebhookSettings { Url = "https://b.example/h", Name = "ops" }),
            Is.EqualTo(new[] { "Stamina:Notifications:Webhooks:1:Name 'ops' is used by another webhook." }));

    [Test]
    public void When_timings_are_not_positive_Should_name_each()
    {
        var errors = new NotificationSettingsValidator().Validate(null, new NotificationSettings
        {
            PollInterval = TimeSpan.Zero,
            Timeout = TimeSpan.FromSeconds(-1),
            RetryDelay = TimeSpan.Zero,
            Retries = -1,
            MaxPending = 0,
            BatchLabel = "bad label",
        }).Failures!;

        Assert.That(errors.Count(), Is.EqualTo(6));
        Assert.That(string.Join('\n', errors), Does.Contain("PollInterval").And.Contain("Timeout").And.Contain("RetryDelay")
            .And.Contain("Retries").And.Contain("MaxPending").And.Contain("BatchLabel"));
    }

    [Test]
    public void When_a_url_is_logged_Should_show_only_scheme_and_host() =>
        Assert.That(Webhooks.Redact("https://hooks.slack.com:443/services/T0/B0/SECRET?x=SECRET"), Is.EqualTo("https://hooks.slack.com/…"));
}
