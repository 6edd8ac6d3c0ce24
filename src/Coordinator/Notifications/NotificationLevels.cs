namespace Stamina.Coordinator.Notifications;

public static class NotificationLevels
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Error = "error";

    public static IReadOnlyList<string> All { get; } = [Info, Warning, Error];

    /// <summary>Higher is more severe; -1 for an unknown level.</summary>
    public static int Rank(string level) => level switch
    {
        Info => 0,
        Warning => 1,
        Error => 2,
        _ => -1,
    };
}
