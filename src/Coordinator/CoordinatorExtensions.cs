using MassTransit;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Answers;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.Api.Dispatch;
using Stamina.Coordinator.Board;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Leadership;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.Notifications;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Pipelines;
using Stamina.Coordinator.Pruning;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.Schedules;
using Stamina.Coordinator.Stats;
using Stamina.Coordinator.Submissions;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.Transcripts;
using Stamina.Coordinator.Web;
using Stamina.Coordinator.Workers;
using Stamina.Coordinator.WorkItems;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;
using Stamina.ServiceDefaults.Redaction;
using Stamina.ServiceDefaults.Telemetry;

namespace Stamina.Coordinator;

public static class CoordinatorExtensions
{
    public const string ServiceName = "stamina-coordinator";

    /// <summary>A coordinator of a fleet: RabbitMQ, pool queues declared and inspected on the broker, restarts on a dead channel.</summary>
    public static WebApplicationBuilder AddCoordinator(this WebApplicationBuilder builder, HostRestart restart)
    {
        var services = builder.Services;
        var rabbit = RabbitMqAddress.FromConfiguration(builder.Configuration);
        // A taken port is a setting to change: one line and exit code 2, not Kestrel's stack trace at start.
        ListenAddresses.EnsureFree(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) is { Length: > 0 } urls ? urls : null, "--urls");
        services.AddSingleton<RabbitMQ.Client.IConnectionFactory>(new RabbitMQ.Client.ConnectionFactory
        {
            HostName = rabbit.Host,
            Port = rabbit.Port,
            VirtualHost = rabbit.VirtualHost,
            UserName = rabbit.User,
            Password = rabbit.Password,
        }.ApplyTls(rabbit));
        services.AddSingleton<PoolTopology>();
        services.AddSingleton<IHolderProbe, RabbitMqHolderProbe>();
        services.AddSingleton<DeadHolderJudge>();
        services.AddSingleton<IPoolQueues>(provider => provider.GetRequiredService<PoolTopology>());
        services.AddSingleton(restart);
        services.AddSingleton(provider => new BrokerWatchdog(restart, provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<BrokerWatchdog>>(),
            provider.GetRequiredService<IOptions<DispatchSettings>>().Value.BrokerPatience));

        builder.AddCoordinatorServices();
        services.AddReceiveEndpointObserver<HearingEndpointObserver>();
        services.AddMassTransit(bus =>
        {
            bus.AddCoordinatorConsumers();
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.UseStaminaHost(rabbit, ServiceName);
                // Under the coordinator's own prefix, like all its queues, rather than the machine's name (broker permissions).
                rabbitMq.OverrideDefaultBusEndpointQueueName(EndpointNames.CoordinatorBus(EndpointNames.NewRun()));
                // Before every consumer: a per-worker broker user speaks only for its own worker.
                rabbitMq.UseConsumeFilter(typeof(Senders.BrokerUserFilter<>), context);
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        // Answers to requests on a connection of their own: see IAnswerBus.
        services.AddMassTransit<IAnswerBus>(bus => bus.UsingRabbitMq((_, rabbitMq) =>
        {
            rabbitMq.UseStaminaHost(rabbit, $"{ServiceName}-answers");
            rabbitMq.OverrideDefaultBusEndpointQueueName(EndpointNames.Coordinator(EndpointNames.AnswerBus, EndpointNames.NewRun()));
        }));
        services.AddCoordinatorLoops();
        return builder;
    }

    /// <summary>
    /// Everything but the bus: settings, store, queries, migrations (a hosted service that must come before
    /// MassTransit's), health and telemetry. The caller registers <see cref="IPoolQueues"/> and a
    /// <see cref="BrokerWatchdog"/>, then the bus with <see cref="AddCoordinatorConsumers"/>, then <see cref="AddCoordinatorLoops"/>.
    /// </summary>
    public static WebApplicationBuilder AddCoordinatorServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiSettings>().BindConfiguration(ApiSettings.Section).ValidateDataAnnotations()
            .Validate(s => s.IdempotencyWindow > TimeSpan.Zero, "Stamina:IdempotencyWindow must be a positive duration, e.g. 12:00:00.")
            .Validate(s => !string.IsNullOrWhiteSpace(s.ApiKey) || s.InsecureNoApiKey,
                "Stamina:ApiKey is not set. Set Stamina__ApiKey, or start with --Stamina:InsecureNoApiKey=true for local development only.")
            .Validate(s => string.IsNullOrWhiteSpace(s.ApiKey) || s.ApiKey.Trim().Length >= ApiSettings.MinApiKeyLength,
                $"Stamina:ApiKey is shorter than {ApiSettings.MinApiKeyLength} characters. Use a long random key, e.g. `openssl rand -hex 32`.")
            .Validate(s => string.IsNullOrWhiteSpace(s.ReadOnlyApiKey) || s.ReadOnlyApiKey.Trim().Length >= ApiSettings.MinApiKeyLength,
                $"Stamina:ReadOnlyApiKey is shorter than {ApiSettings.MinApiKeyLength} characters. Use a long random key, e.g. `openssl rand -hex 32`.")
            .Validate(s => string.IsNullOrWhiteSpace(s.ReadOnlyApiKey) || s.ReadOnlyApiKey.Trim() != s.ApiKey?.Trim(),
                "Stamina:ReadOnlyApiKey is the same as Stamina:ApiKey; the read-only key must be a different key.")
            .Validate(s => s.RequestTimeout > TimeSpan.Zero, "Stamina:RequestTimeout must be a positive duration, e.g. 00:01:00.")
            .ValidateOnStart();
        services.AddOptions<LeaseSettings>().BindConfiguration(LeaseSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DispatchSettings>().BindConfiguration(DispatchSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BoardSettings>().BindConfiguration(BoardSettings.Section).ValidateDataAnnotations()
            .Validate(s => s.PollInterval > TimeSpan.Zero && s.KeepAlive > TimeSpan.Zero,
                "Stamina:Board:PollInterval and Stamina:Board:KeepAlive must be positive durations, e.g. 00:00:01.")
            .ValidateOnStart();

        var store = StoreSelection.FromConfiguration(builder.Configuration);
        services.AddSingleton<StaminaDatabase>(_ => store.Create(ServiceName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CoordinatorMetrics>();
        services.AddOptions<MetricsSettings>().BindConfiguration(MetricsSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FleetGauges>();
        services.AddSingleton<FleetSnapshotQueries>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<IWorkItemJournalFactory, SqlWorkItemJournalFactory>();
        services.AddSingleton<Dependencies.DependencyResolver>();
        services.AddSingleton<WorkItemContext>();
        services.AddSingleton<LeaseHearing>();
        services.AddSingleton<Answerer>();
        services.AddOptions<LeadershipSettings>().BindConfiguration(LeadershipSettings.Section).ValidateDataAnnotations()
            .Validate(s => s.SessionTimeout >= 3 * s.PollInterval,
                "Stamina:Leadership:SessionTimeout must be at least three times Stamina:Leadership:PollInterval: a leader cut off from the database must step down before its session ends.")
            .ValidateOnStart();
        services.AddSingleton<CoordinatorLeadership>();
        services.AddSingleton<ItemQueries>();
        services.AddDispatchGates();
        services.AddSingleton<PruneQueries>();
        services.AddSingleton<WorkerQueries>();
        services.AddSingleton<StatsQueries>();
        services.AddSingleton<Reports.ReportQueries>();
        services.AddSingleton<TranscriptStore>();
        services.AddSingleton<BoardEventHub>();
        services.AddHostedService<BoardEventPoller>();
        services.AddSingleton<SubmitItemValidator>();
        services.AddSingleton<WorkItems.Creation.ItemCreator>();
        services.AddSingleton<Dependencies.ItemDependencyResolution>();
        services.AddSingleton<IdempotencyKeys>();
        services.AddSingleton<Batches.BatchValidator>();
        services.AddSingleton<Batches.IBatchCreator, Batches.BatchCreator>();
        services.AddSingleton<Batches.BatchQueries>();
        services.AddSingleton<Batches.BatchOperations>();
        services.AddPipelines();
        services.AddApiProtection();
        services.AddNotifications();
        services.AddBreakers();
        services.AddSchedules();
        // Before MassTransit: the schema is up to date before any message is consumed.
        services.AddHostedService<MigrationService>();
        services.AddLeaderOnly<FleetSnapshotService>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(store.Dialect.Name, tags: ["ready"]);
        builder.AddStaminaTelemetry(ServiceName, CoordinatorMetrics.MeterName);
        builder.AddSecretRedaction();
        return builder;
    }

    /// <summary>The saga, the coordinator's consumers and its request clients, on whichever transport the caller chooses.</summary>
    public static IBusRegistrationConfigurator AddCoordinatorConsumers(this IBusRegistrationConfigurator bus)
    {
        // Faults go back to a requester only, never published: a published Fault<TranscriptChunk> would carry the secret.
        bus.AddConfigureEndpointsCallback((_, endpoint) => endpoint.PublishFaults = false);
        bus.AddSagaStateMachine<WorkItemStateMachine, WorkItemState, WorkItemStateMachineDefinition>()
            .SqlRepository<WorkItemState, WorkItemSagaStore>();
        bus.AddConsumeObserver<DispatchWakeObserver>();
        bus.AddConsumer<WorkerHeartbeatConsumer>().Endpoint(e => e.Name = "stamina.coordinator.workers");
        bus.AddConsumer<WorkerRegistrationConsumer>().Endpoint(e => e.Name = "stamina.coordinator.worker-runs");
        bus.AddConsumer<TranscriptConsumer, TranscriptConsumerDefinition>();
        bus.AddConsumer<AttemptBranchesPrunedConsumer>().Endpoint(e => e.Name = "stamina.coordinator.prunes");
        bus.AddRequestClient<WorkItems.Commands.CancelWorkItem>(RequestTimeout.After(s: 30));
        bus.AddRequestClient<WorkItems.Commands.RetryWorkItem>(RequestTimeout.After(s: 30));
        return bus;
    }

    /// <summary>
    /// After MassTransit: the election, then the loops, which start once the bus is up and stop before it does (and the
    /// election releases the lock only after they stopped). The dispatcher and the notification loops run on the leader
    /// only; the reaper listens everywhere and judges on the leader (docs/architecture.md, "Two coordinators").
    /// </summary>
    public static IServiceCollection AddCoordinatorLoops(this IServiceCollection services)
    {
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddHostedService<LeaderElection>();
        services.AddLeaderOnly<Dispatcher>();
        services.AddLeaderOnly<ScheduleLoop>();
        services.AddHostedService<LeaseReaper>();
        services.AddNotificationLoops();
        return services;
    }

    public static WebApplication UseCoordinator(this WebApplication app)
    {
        app.UseApiProtection();
        app.MapItemEndpoints();
        app.MapBatchEndpoints();
        app.MapPipelineEndpoints();
        app.MapWorkerEndpoints();
        app.MapCoordinatorEndpoints();
        app.MapTranscriptEndpoints();
        app.MapStatsEndpoints();
        app.MapPruneEndpoints();
        app.MapBreakerEndpoints();
        app.MapDispatchEndpoints();
        app.MapScheduleEndpoints();
        app.MapWebPage();
        app.MapBoardEvents();
        app.MapAccessEndpoint();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapStaminaMetrics();
        if (app.Services.GetRequiredService<IOptions<ApiSettings>>().Value.InsecureNoApiKey)
            app.Logger.LogWarning("The API runs WITHOUT an API key (Stamina:InsecureNoApiKey). Use this for local development only.");
        return app;
    }
}
