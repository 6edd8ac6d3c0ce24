using Microsoft.Extensions.Options;
using Stamina.Coordinator.Dispatch.Pauses;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Spend;

namespace Stamina.Coordinator.Dispatch;

public static class DispatchGateExtensions
{
    /// <summary>Pauses, spend caps and the price table, the holds they put on dispatch and claims, and the waiting reasons.</summary>
    public static IServiceCollection AddDispatchGates(this IServiceCollection services)
    {
        services.AddOptions<SpendSettings>().BindConfiguration(SpendSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpendSettings>, SpendSettingsValidator>();
        services.AddOptions<PriceSettings>()
            .Configure<IConfiguration>((prices, configuration) => configuration.GetSection(PriceSettings.Section).Bind(prices.Models))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PriceSettings>, PriceSettingsValidator>();
        services.AddSingleton<PriceTable>();
        services.AddSingleton<DispatchPauses>();
        services.AddSingleton<IDispatchHold>(provider => provider.GetRequiredService<DispatchPauses>());
        services.AddSingleton<SpendCaps>();
        services.AddSingleton<IDispatchHold>(provider => provider.GetRequiredService<SpendCaps>());
        services.AddSingleton<IAccountHold>(provider => provider.GetRequiredService<SpendCaps>());
        services.AddSingleton<DispatchHolds>();
        services.AddSingleton<DispatchWake>();
        services.AddSingleton<ClaimHolds>();
        services.AddSingleton<WaitingReasons>();
        services.AddSingleton<Api.Dispatch.DispatchStateQueries>();
        return services;
    }
}
