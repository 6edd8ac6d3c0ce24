using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Notifications;

/// <summary>
/// Writes notifications into <c>notification_outbox</c>, one row per webhook that wants each, within the
/// webhook's rate limit and pending bound: what does not fit is counted, and summed up in one
/// "N more suppressed" row as soon as the webhook has room again.
/// </summary>
public sealed class NotificationOutbox(IOptions<NotificationSettings> settings, NotificationMetrics metrics)
{
    const string Insert = """
        insert into notification_outbox (webhook, kind, level, title, body, data, happened_at, created_at)
        values (@webhook, @Kind, @Level, @Title, @Text, @data, @At, @now)
        """;

    public async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Notification> notifications,
        DateTimeOffset now)
    {
        var state = new NotificationState(connection, transaction);
        var webhooks = settings.Value.Webhooks;
        for (var i = 0; i < webhooks.Count; i++)
        {
            var webhook = webhooks[i];
            var name = Webhooks.NameOf(webhook, i);
            var wanted = notifications.Where(n => Webhooks.Wants(webhook, n)).ToList();
            var suppressed = int.Parse(await state.GetAsync(NotificationState.Suppressed(name)) ?? "0", CultureInfo.InvariantCulture);
            if (wanted.Count == 0 && suppressed == 0)
                continue;
            var (recent, pending) = await connection.QuerySingleAsync<(long, long)>("""
                select
                    (select count(*) from notification_outbox where webhook = @name and created_at > @minuteAgo),
                    (select count(*) from notification_outbox where webhook = @name and delivered_at is null and given_up_at is null)
                """, new { name, minuteAgo = now.AddMinutes(-1) }, transaction);
            bool Room() => recent < webhook.MaxPerMinute && pending < settings.Value.MaxPending;
            if (suppressed > 0 && Room())
            {
                await InsertAsync(SuppressedSummary(suppressed, webhook.MaxPerMinute, now));
                suppressed = 0;
            }
            foreach (var notification in wanted)
            {
                if (Room())
                {
                    await InsertAsync(notification);
                }
                else
                {
                    suppressed++;
                    metrics.Suppressed(name);
                }
            }
            await state.SetAsync(NotificationState.Suppressed(name), suppressed.ToString(CultureInfo.InvariantCulture));

            async Task InsertAsync(Notification notification)
            {
                await connection.ExecuteAsync(Insert, new
                {
                    webhook = name,
                    notification.Kind,
                    notification.Level,
                    notification.Title,
                    notification.Text,
                    data = notification.Data.ToJsonString(),
                    notification.At,
                    // The rate limit counts rows by when they were enqueued, not when their event happened: after
                    // downtime or a backlog, old events would otherwise all fall outside the last minute.
                    now,
                }, transaction);
                recent++;
                pending++;
            }
        }
    }

    static Notification SuppressedSummary(int count, int perMinute, DateTimeOffset now) => new(
        NotificationKinds.Suppressed, NotificationLevels.Warning,
        $"{count} more notification(s) suppressed",
        $"{count} more notification(s) were not sent: this webhook takes at most {perMinute} a minute.",
        now, new JsonObject { ["suppressed"] = count, ["maxPerMinute"] = perMinute });
}
