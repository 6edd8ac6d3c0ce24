using MassTransit;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.Stats;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.Transcripts;
using Stamina.Coordinator.Web;
using Stamina.Coordinator.Workers;
using Stamina.Coordinator.WorkItems;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;
using Stamina.ServiceDefaults.Telemetry;

namespace Stamina.Coordinator;

public static class CoordinatorExtensions
{
    public const string ServiceName = "stamina-coordinator";

    public static WebApplicationBuilder AddCoordinator(this WebApplicationBuilder builder, HostRestart restart)
    {
        var services = builder.Services;
        services.AddOptions<ApiSettings>().BindConfiguration(ApiSettings.Section).ValidateDataAnnotations()
            .Validate(s => !string.IsNullOrWhiteSpace(s.ApiKey) || s.InsecureNoApiKey,
                "Stamina:ApiKey is not set. Set Stamina__ApiKey, or start with --Stamina:InsecureNoApiKey=true for local development only.")
            .ValidateOnStart();
        services.AddOptions<LeaseSettings>().BindConfiguration(LeaseSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DispatchSettings>().BindConfiguration(DispatchSettings.Section).ValidateDataAnnotations().ValidateOnStart();

        var store = StoreSelection.FromConfiguration(builder.Configuration);
        var rabbit = RabbitMqAddress.Parse(builder.Configuration.GetConnectionString("RabbitMq"));
        services.AddSingleton<StaminaDatabase>(_ => store.Create(ServiceName));
        services.AddSingleton<RabbitMQ.Client.IConnectionFactory>(new RabbitMQ.Client.ConnectionFactory
        {
            HostName = rabbit.Host,
            Port = rabbit.Port,
            VirtualHost = rabbit.VirtualHost,
            UserName = rabbit.User,
            Password = rabbit.Password,
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(restart);
        services.AddSingleton(provider => new BrokerWatchdog(restart, provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<BrokerWatchdog>>(),
            provider.GetRequiredService<IOptions<DispatchSettings>>().Value.BrokerPatience));
        services.AddSingleton<CoordinatorMetrics>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<IWorkItemJournalFactory, SqlWorkItemJournalFactory>();
        services.AddSingleton<WorkItemContext>();
        services.AddSingleton<ItemQueries>();
        services.AddSingleton<WorkerQueries>();
        services.AddSingleton<StatsQueries>();
        services.AddSingleton<TranscriptStore>();
        services.AddSingleton<SubmitItemValidator>();
        services.AddSingleton<PoolTopology>();
        // Before MassTransit: the schema is up to date before any message is consumed.
        services.AddHostedService<MigrationService>();

        services.AddMassTransit(bus =>
        {
            bus.AddSagaStateMachine<WorkItemStateMachine, WorkItemState, WorkItemStateMachineDefinition>()
                .SqlRepository<WorkItemState, WorkItemSagaStore>();
            bus.AddConsumer<WorkerHeartbeatConsumer>().Endpoint(e => e.Name = "stamina.coordinator.workers");
            bus.AddConsumer<TranscriptConsumer, TranscriptConsumerDefinition>();
            bus.AddRequestClient<WorkItems.Commands.SubmitWorkItem>(RequestTimeout.After(s: 30));
            bus.AddRequestClient<WorkItems.Commands.CancelWorkItem>(RequestTimeout.After(s: 30));
            bus.AddRequestClient<WorkItems.Commands.RetryWorkItem>(RequestTimeout.After(s: 30));
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.UseStaminaHost(rabbit, ServiceName);
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        // After MassTransit: they start once the bus is up and stop before it does.
        services.AddHostedService<Dispatcher>();
        services.AddHostedService<LeaseReaper>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(store.Dialect.Name, tags: ["ready"]);
        builder.AddStaminaTelemetry(ServiceName, CoordinatorMetrics.MeterName);
        return builder;
    }

    public static WebApplication UseCoordinator(this WebApplication app)
    {
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapItemEndpoints();
        app.MapWorkerEndpoints();
        app.MapTranscriptEndpoints();
        app.MapStatsEndpoints();
        app.MapWebPage();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapStaminaMetrics();
        if (app.Services.GetRequiredService<IOptions<ApiSettings>>().Value.InsecureNoApiKey)
            app.Logger.LogWarning("The API runs WITHOUT an API key (Stamina:InsecureNoApiKey). Use this for local development only.");
        return app;
    }
}
