namespace Stamina.Coordinator.Leadership;

public static class LeaderOnlyExtensions
{
    /// <summary>Registers <typeparamref name="TLoop"/> as a singleton that runs only while this coordinator leads (<see cref="LeaderOnly{TLoop}"/>).</summary>
    public static IServiceCollection AddLeaderOnly<TLoop>(this IServiceCollection services) where TLoop : BackgroundService
    {
        services.AddSingleton<TLoop>();
        services.AddHostedService<LeaderOnly<TLoop>>();
        return services;
    }
}
