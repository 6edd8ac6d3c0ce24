using System.Data.Common;
using System.Text.Json.Nodes;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Notifications;

/// <summary>Circuit breakers that opened (or opened again after a failed probe) within the detector's window.</summary>
static class BreakerEvents
{
    public static async Task<List<Notification>> OpenedAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        DateTimeOffset since, DateTimeOffset until)
    {
        var breakers = await new BreakerBook(connection, transaction, dialect).ListAsync(trippedOnly: true);
        return [.. breakers.Where(b => b.OpenedAt is { } at && at > since && at <= until).OrderBy(b => b.OpenedAt).Select(b =>
        {
            var what = b.Scope == BreakerScopes.Repo ? "Repository" : "Account";
            var effect = b.Scope == BreakerScopes.Repo ? "its queued items wait" : "its workers take no new work";
            return new Notification(NotificationKinds.BreakerOpened, NotificationLevels.Warning,
                $"{what} {b.Key}: circuit breaker open",
                $"{what} {b.Key} failed the same way repeatedly ({TextOf.Cut(b.Signature ?? "", 200)}); {effect} until "
                    + $"{TextOf.Time(b.OpenUntil!.Value)}, then one probe runs" + (b.Trips > 1 ? $" (opening {b.Trips} in a row)." : "."),
                b.OpenedAt!.Value,
                new JsonObject
                {
                    ["breaker"] = b.Id.ToString(),
                    ["scope"] = b.Scope,
                    ["key"] = b.Key,
                    ["signature"] = b.Signature,
                    ["trips"] = b.Trips,
                    ["openUntil"] = b.OpenUntil?.ToUniversalTime().ToString("O"),
                });
        })];
    }
}
