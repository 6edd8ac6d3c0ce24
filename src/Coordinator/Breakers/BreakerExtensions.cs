using Stamina.Coordinator.Dispatch;

namespace Stamina.Coordinator.Breakers;

public static class BreakerExtensions
{
    /// <summary>Circuit breakers: their settings (validated at start), the repository and account holds, the gauge.</summary>
    public static IServiceCollection AddBreakers(this IServiceCollection services)
    {
        services.AddOptions<BreakerSettings>().BindConfiguration(BreakerSettings.Section).ValidateDataAnnotations()
            .Validate(s => s.MaxCoolDown >= s.CoolDown,
                "Stamina:Breakers:MaxCoolDown must be at least Stamina:Breakers:CoolDown (the cool-down grows from CoolDown up to MaxCoolDown).")
            .ValidateOnStart();
        services.AddSingleton<BreakerMetrics>();
        services.AddSingleton<IDispatchHold, RepoBreakerHold>();
        services.AddSingleton<IAccountHold, AccountBreakerHold>();
        services.AddSingleton<BreakerQueries>();
        return services;
    }
}
