using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration.Memory;
using OpenTelemetry.Metrics;
using Stamina.Contracts;
using Stamina.Coordinator;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Persistence;
using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;
using Stamina.Worker;
using Stamina.Worker.Execution;
using Stamina.Worker.Telemetry;

namespace Stamina.Local;

/// <summary>Composes the coordinator and the local workers into one web host on the in-memory transport.</summary>
static class LocalHost
{
    public const string DatabaseFile = "stamina.db";

    public static string DatabasePath(string dataDir) => Path.Combine(dataDir, DatabaseFile);

    public static void CreateDataDir(string dataDir)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(dataDir);
        else
            Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public static WebApplication Build(LocalOptions options, string dataDir, string apiKey)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        // Calm defaults, under everything a user configures.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Warning",
                ["Logging:LogLevel:MassTransit"] = "Warning",
                ["Logging:Console:FormatterName"] = "simple",
                ["Logging:Console:FormatterOptions:SingleLine"] = "true",
                ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
                ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss ",
                // One user's machine: their repositories under their home are allowed until they say otherwise.
                ["Stamina:AllowedLocalRoots:0"] = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            },
        });
        // The user's own file, never one in the working directory (it could name agent commands to run).
        builder.Configuration.AddStaminaYaml(StaminaConfigFile.LocateForUser(options.ConfigFile));
        // Local mode owns its store and key; the caller's settings (harness overrides) come last of all.
        var forced = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={DatabasePath(dataDir)}",
            ["ConnectionStrings:Postgres"] = "",
            ["Stamina:ApiKey"] = apiKey,
            ["Stamina:InsecureNoApiKey"] = "false",
        };
        foreach (var (key, value) in options.Settings)
            forced[key] = value;
        builder.Configuration.AddInMemoryCollection(forced);
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        if (!options.ConsoleLogging)
            builder.Logging.ClearProviders();
        // The one scope worth a console line is the worker's name; trace ids belong to tracing.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);

        var services = builder.Services;
        var template = builder.Configuration.GetSection(WorkerSettings.Section).Get<WorkerSettings>() ?? new WorkerSettings();
        services.AddSingleton(options);
        services.AddSingleton<IPoolQueues>(provider =>
            new InMemoryPoolQueues(provider.GetRequiredService<StaminaDatabase>(), template.Pool, options.Workers));
        // One process on an in-memory bus: no broker connection can go stale, so the host is never restarted.
        services.AddSingleton(provider => new BrokerWatchdog(new HostRestart(), provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<BrokerWatchdog>>(), TimeSpan.MaxValue));
        services.AddSingleton(provider => new LocalWorkers(provider, options, dataDir));

        builder.AddCoordinatorServices();
        services.AddSingleton<WorkerMetrics>();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(WorkerMetrics.MeterName));
        services.AddMassTransit(bus =>
        {
            bus.AddCoordinatorConsumers();
            bus.AddConsumer<LocalExecuteWorkItemConsumer>().Endpoint(e =>
            {
                e.Name = PoolQueues.QueueName(template.Pool);
                e.PrefetchCount = options.Workers;
                e.ConcurrentMessageLimit = options.Workers;
            });
            bus.AddConsumer<LocalFanOutConsumer<AttemptCancelled, AttemptCancelledConsumer>>().Endpoint(e => e.Name = "stamina.local.cancellations");
            bus.AddConsumer<LocalFanOutConsumer<ResumeWorker, ResumeWorkerConsumer>>().Endpoint(e => e.Name = "stamina.local.resumes");
            bus.AddConsumer<LocalFanOutConsumer<DrainWorker, DrainWorkerConsumer>>().Endpoint(e => e.Name = "stamina.local.drains");
            bus.AddConsumer<LocalFanOutConsumer<PruneAttemptBranches, PruneAttemptBranchesConsumer>>().Endpoint(e => e.Name = "stamina.local.prunes");
            bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
        });
        // After the bus, before the dispatcher: nothing is sent before the last run's attempts are released.
        services.AddHostedService<StaleAttemptRelease>();
        services.AddHostedService<LocalWorkerLoops>();
        services.AddCoordinatorLoops();

        var stopTimeout = template.DrainTimeout + TimeSpan.FromSeconds(20);
        services.AddOptions<MassTransitHostOptions>().Configure(o => o.StopTimeout = stopTimeout);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = stopTimeout + TimeSpan.FromSeconds(10));

        var app = builder.Build();
        app.UseCoordinator();
        return app;
    }
}
