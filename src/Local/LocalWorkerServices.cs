using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;
using Stamina.ServiceDefaults.Redaction;
using Stamina.Worker;
using Stamina.Worker.Fleet;
using Stamina.Worker.Telemetry;

namespace Stamina.Local;

/// <summary>
/// Builds one worker's service provider from the worker's own registrations, with the process's bus,
/// clock, configuration, logging and lifetime forwarded from the host.
/// </summary>
static class LocalWorkerServices
{
    public static ServiceProvider Build(IServiceProvider root, WorkerSettings settings)
    {
        var bus = root.GetRequiredService<IBus>();
        var services = new ServiceCollection();
        services.AddSingleton(root.GetRequiredService<ILoggerFactory>());
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(root.GetRequiredService<IConfiguration>());
        services.AddSingleton(root.GetRequiredService<IHostApplicationLifetime>());
        services.AddSingleton(root.GetRequiredService<TimeProvider>());
        services.AddSingleton(root.GetRequiredService<SecretRedactor>());
        // One meter for all local workers, exported on the local /metrics.
        services.AddSingleton(root.GetRequiredService<WorkerMetrics>());
        services.AddSingleton(bus);
        services.AddSingleton<IPublishEndpoint>(bus);
        services.AddScoped(_ => bus.CreateRequestClient<ClaimWorkItem>());
        services.AddScoped(_ => bus.CreateRequestClient<RenewLease>());
        services.AddScoped(_ => bus.CreateRequestClient<CompleteAttempt>());
        services.AddSingleton(Options.Create(settings));
        // One process, one in-memory bus: there is no broker connection to renew, so never restart.
        services.AddSingleton(provider => new BrokerWatchdog(new HostRestart(), provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<BrokerWatchdog>>(), TimeSpan.MaxValue));
        services.AddSingleton<WorkerHeartbeatService>();
        services.AddWorkerCore(settings);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
