namespace Stamina.Coordinator.Schedules;

public static class ScheduleExtensions
{
    /// <summary>Settings, store, validation and firing (the loop itself is registered with the other loops: <see cref="CoordinatorExtensions.AddCoordinatorLoops"/>).</summary>
    public static IServiceCollection AddSchedules(this IServiceCollection services)
    {
        services.AddOptions<ScheduleSettings>().BindConfiguration(ScheduleSettings.Section).ValidateDataAnnotations()
            .Validate(s => s.MissedAfter >= 2 * s.PollInterval,
                "Stamina:Schedules:MissedAfter must be at least twice Stamina:Schedules:PollInterval: a slow pass must not count as a missed occurrence.")
            .ValidateOnStart();
        services.AddSingleton<ScheduleStore>();
        services.AddSingleton<ScheduledBatchCheck>();
        services.AddSingleton<ScheduleValidator>();
        services.AddSingleton<ScheduleFiring>();
        services.AddSingleton<ScheduleViews>();
        return services;
    }
}
