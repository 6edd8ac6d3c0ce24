using System.Data.Common;
using Dapper;

namespace Stamina.Coordinator.Notifications;

/// <summary>The detector's small key-value state (<c>notification_state</c>), read and written in its pass's transaction.</summary>
public sealed class NotificationState(DbConnection connection, DbTransaction transaction)
{
    public const string Cursor = "cursor";
    public const string ShiftStarted = "shift_started";
    public const string PausedWorkers = "paused_workers";
    public const string LostWorkers = "lost_workers";
    public const string CapsReached = "caps_reached";

    public static string Suppressed(string webhook) => "suppressed:" + webhook;

    public Task<string?> GetAsync(string key) => connection.QuerySingleOrDefaultAsync<string?>(
        "select value from notification_state where key = @key", new { key }, transaction);

    public Task SetAsync(string key, string value) => connection.ExecuteAsync("""
        insert into notification_state (key, value) values (@key, @value)
        on conflict (key) do update set value = excluded.value
        """, new { key, value }, transaction);

    public Task RemoveAsync(string key) => connection.ExecuteAsync(
        "delete from notification_state where key = @key", new { key }, transaction);
}
