using Microsoft.Extensions.Options;

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

    /// <summary>The detector and the sender: background loops that neither the saga nor the API wait for.</summary>
    public static IServiceCollection AddNotificationLoops(this IServiceCollection services)
    {
        services.AddHostedService<NotificationDetector>();
        services.AddHostedService<WebhookSender>();
        return services;
    }
}
