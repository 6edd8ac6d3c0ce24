using Microsoft.Extensions.Options;
using Stamina.Coordinator.Leadership;

namespace Stamina.Coordinator.Notifications;

public static class NotificationExtensions
{
    /// <summary>Settings (checked at start), the outbox and the metrics.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationSettings>().BindConfiguration(NotificationSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationSettings>, NotificationSettingsValidator>();
        services.AddSingleton<NotificationMetrics>();
        services.AddSingleton<NotificationOutbox>();
        return services;
    }

    /// <summary>
    /// The detector and the sender: background loops that neither the saga nor the API wait for. On the leader only, so
    /// two coordinators deliver each notification once.
    /// </summary>
    public static IServiceCollection AddNotificationLoops(this IServiceCollection services)
    {
        services.AddLeaderOnly<NotificationDetector>();
        services.AddLeaderOnly<WebhookSender>();
        return services;
    }
}
