using System.ComponentModel.DataAnnotations;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;
using Stamina.ServiceDefaults.Redaction;
using Stamina.ServiceDefaults.Telemetry;
using Stamina.Worker.Execution;
using Stamina.Worker.Fleet;
using Stamina.Worker.Git;
using Stamina.Worker.Hooks;
using Stamina.Worker.Processes.Cgroups;
using Stamina.Worker.Processes.Sandbox;
using Stamina.Worker.Processes.Sandbox.Network;
using Stamina.Worker.Telemetry;

namespace Stamina.Worker;

public static class WorkerExtensions
{
    public const string ServiceName = "stamina-worker";

    /// <summary>Short options for the usual settings: <c>--pool</c>, <c>--name</c>, <c>--work-dir</c>, <c>--account</c>.</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--pool"] = $"{WorkerSettings.Section}:Pool",
        ["--name"] = $"{WorkerSettings.Section}:Name",
        ["--work-dir"] = $"{WorkerSettings.Section}:WorkDir",
        ["--account"] = $"{WorkerSettings.Section}:Account",
        ["--shift"] = $"{WorkerSettings.Section}:Shift",
        ["--tz"] = $"{WorkerSettings.Section}:ShiftTimeZone",
    };

    public static WebApplicationBuilder AddWorker(this WebApplicationBuilder builder, string[] args, HostRestart restart)
    {
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        var services = builder.Services;
        var settings = builder.Configuration.GetSection(WorkerSettings.Section).Get<WorkerSettings>() ?? new WorkerSettings();
        var problems = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), problems, validateAllProperties: true))
        {
            throw new ServiceConfigurationException(string.Join(" ", problems.Select(p =>
                p.ErrorMessage?.StartsWith(WorkerSettings.Section, StringComparison.Ordinal) == true
                    ? p.ErrorMessage // names its setting itself (WorkerSettings.Validate)
                    : $"{WorkerSettings.Section}:{string.Join(",", p.MemberNames)}: {p.ErrorMessage}")));
        }

        var rabbit = RabbitMqAddress.FromConfiguration(builder.Configuration);
        builder.ListenOnlyWhereTold(settings);
        // Last: the directory's lock is held from here until the process ends.
        var place = WorkerPlaces.Take(settings);
        // Temporary queues are exclusive: named by the run, so that a second process under a live name
        // (refused once it is heard) cannot block on the first one's queues before it is. Every queue and
        // exchange of its own starts with the worker's name, so its broker user can be limited to them.
        // Claims carry the run: the coordinator learns this process died when its queues are gone.
        var run = EndpointNames.NewRun();
        (settings.Name, settings.WorkDir, settings.Run) = (place.Name, place.WorkDir, run);
        services.AddOptions<WorkerSettings>().BindConfiguration(WorkerSettings.Section)
            .PostConfigure(s => (s.Name, s.WorkDir, s.Run) = (place.Name, place.WorkDir, run))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(place);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(restart);
        services.AddSingleton(provider => new BrokerWatchdog(restart, provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<BrokerWatchdog>>(), settings.BrokerPatience,
            mayRestart: () => provider.GetRequiredService<WorkerActivity>().Snapshot().Item is null));
        services.AddWorkerCore(settings);
        // Before MassTransit, so orphans are gone before the first item arrives.
        services.AddHostedService<OrphanSweeper>();

        void Temporary(IEndpointRegistrationConfigurator endpoint, string purpose)
        {
            endpoint.Temporary = true;
            endpoint.Name = EndpointNames.Worker(settings.Name, purpose, run);
        }
        services.AddMassTransit(bus =>
        {
            // A fault published (not sent back to a requester) reaches whoever binds to MassTransit:Fault: nobody needs
            // a worker's, and other pools' workers must not read its items (docs/security.md, broker users).
            bus.AddConfigureEndpointsCallback((_, endpoint) => endpoint.PublishFaults = false);
            bus.AddConsumer<AttemptCancelledConsumer>().Endpoint(e => Temporary(e, EndpointNames.AttemptCancelled));
            bus.AddConsumer<ResumeWorkerConsumer>().Endpoint(e => Temporary(e, EndpointNames.ResumeWorker));
            bus.AddConsumer<DrainWorkerConsumer>().Endpoint(e => Temporary(e, EndpointNames.DrainWorker));
            bus.AddConsumer<PruneAttemptBranchesConsumer>().Endpoint(e => Temporary(e, EndpointNames.PruneAttemptBranches));
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.UseStaminaHost(rabbit, $"{ServiceName}-{settings.Name}");
                rabbitMq.StampSender(rabbit);
                rabbitMq.OverrideDefaultBusEndpointQueueName(EndpointNames.Worker(settings.Name, EndpointNames.Bus, run));
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        // The pool's queue on a connection of its own (see IWorkQueueBus): a busy item must not hold up
        // the closing, and so the reconnecting, of the connection that claims, renewals and results use.
        services.AddMassTransit<IWorkQueueBus>(bus =>
        {
            bus.AddConfigureEndpointsCallback((_, endpoint) => endpoint.PublishFaults = false);
            bus.AddConsumer<ExecuteWorkItemConsumer, ExecuteWorkItemConsumerDefinition>()
                .Endpoint(e => e.Name = PoolQueues.QueueName(settings.Pool));
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.UseStaminaHost(rabbit, $"{ServiceName}-{settings.Name}-work");
                rabbitMq.StampSender(rabbit);
                rabbitMq.OverrideDefaultBusEndpointQueueName(EndpointNames.Worker(settings.Name, EndpointNames.WorkBus, run));
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        // Sent through IBus itself, never through the consume context of the work queue's delivery
        // (MassTransit's default inside a consumer), which would put them on the work queue's connection.
        services.AddScoped(provider => provider.GetRequiredService<IBus>().CreateRequestClient<Contracts.ClaimWorkItem>());
        services.AddScoped(provider => provider.GetRequiredService<IBus>().CreateRequestClient<Contracts.RenewLease>());
        services.AddScoped(provider => provider.GetRequiredService<IBus>().CreateRequestClient<Contracts.CompleteAttempt>());
        services.AddScoped<IPublishEndpoint>(provider => provider.GetRequiredService<IBus>());
        services.AddHostedService<WorkQueueStopper>();
        var stopTimeout = settings.DrainTimeout + TimeSpan.FromSeconds(20);
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = stopTimeout;
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = stopTimeout + TimeSpan.FromSeconds(10));
        // After MassTransit, so that it stops before the bus does and can still say goodbye.
        services.AddHostedService<WorkerHeartbeatService>();
        services.AddHostedService(provider => provider.GetRequiredService<HealthCheckLoop>());

        builder.AddStaminaTelemetry(ServiceName, WorkerMetrics.MeterName);
        builder.AddSecretRedaction();
        return builder;
    }

    /// <summary>
    /// Serves <c>/metrics</c> only where told: <c>Stamina:Worker:MetricsPort</c>, or <c>--urls</c> /
    /// <c>ASPNETCORE_URLS</c> / <c>ASPNETCORE_HTTP_PORTS</c> (set by the .NET container images) / <c>Kestrel:Endpoints</c>.
    /// Otherwise no listener at all. A port in use is refused before the host starts (one line, exit code 2).
    /// </summary>
    static void ListenOnlyWhereTold(this WebApplicationBuilder builder, WorkerSettings settings)
    {
        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        var setting = "--urls";
        if (settings.MetricsPort is { } port)
        {
            if (!string.IsNullOrWhiteSpace(urls))
                throw new ServiceConfigurationException($"{WorkerSettings.Section}:MetricsPort and --urls are both set; set one.");
            urls = $"http://*:{port}";
            setting = $"{WorkerSettings.Section}:MetricsPort";
            builder.WebHost.UseUrls(urls);
        }
        var told = !string.IsNullOrWhiteSpace(urls)
            || !string.IsNullOrWhiteSpace(builder.WebHost.GetSetting(WebHostDefaults.HttpPortsKey))
            || !string.IsNullOrWhiteSpace(builder.WebHost.GetSetting(WebHostDefaults.HttpsPortsKey))
            || builder.Configuration.GetSection("Kestrel:Endpoints").Exists();
        if (told)
            ListenAddresses.EnsureFree(urls, setting);
        else
            builder.Services.Replace(ServiceDescriptor.Singleton<IServer, NoHttpServer>());
    }

    /// <summary>
    /// One worker's own services, tied to one identity (<paramref name="settings"/>: name, account, work
    /// directory), without the bus, the options binding, the clock, the watchdog or any hosted service.
    /// A fleet process holds one such worker; <c>stamina local</c> builds one service provider per worker from it.
    /// </summary>
    public static IServiceCollection AddWorkerCore(this IServiceCollection services, WorkerSettings settings)
    {
        // Decided before anything else runs: a required sandbox that does not work refuses the start.
        var cgroups = AttemptCgroups.Start(settings);
        var sandboxes = CommandSandboxes.Start(settings, cgroups.Fallback);
        if (sandboxes.Warning is { } warning)
            Console.Error.WriteLine(warning); // on the console too, in local mode, where no hosted service logs it
        if (cgroups.Warning is { } cgroupWarning)
            Console.Error.WriteLine(cgroupWarning);
        services.AddSingleton(cgroups);
        services.AddHostedService<AttemptCgroupReport>();
        // One filtering proxy per allow-list, stopped (its sockets removed) with the worker's services.
        services.AddSingleton(provider => new EgressProxies(Path.Combine(settings.ResolveWorkDir(), "sandbox"), provider.GetRequiredService<ILogger<EgressProxy>>()));
        services.AddSingleton(provider => sandboxes.With(provider.GetRequiredService<EgressProxies>()));
        services.AddHostedService<SandboxReport>();
        services.AddSingleton<WorkerActivity>();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddSingleton<WorkerRegistration>();
        services.TryAddSingleton<StartRefusal>();
        services.AddSingleton<DrainSignal>();
        services.AddSingleton<RunningAttempts>();
        services.AddSingleton<ItemTurn>();
        services.AddScoped<IClaimClient, ClaimClient>();
        services.AddScoped<ILeaseKeeper, LeaseKeeper>();
        services.AddScoped<ICompletionSender, CompletionSender>();
        services.AddScoped<IAttemptRunner, AttemptRunner>();
        services.AddScoped<ExecuteWorkItemConsumer>();
        services.AddSingleton<AttemptCommandFactory>();
        services.AddSingleton<CommandSupervisor>();
        services.AddSingleton<HarnessCatalog>();
        services.AddSingleton<AccountDirectories>();
        services.AddSingleton(provider => new AccountGate(provider.GetRequiredService<TimeProvider>(), settings.ShiftWindow()));
        services.AddSingleton<HookRunner>();
        services.AddSingleton<AttemptHooks>();
        services.AddSingleton<HealthCheckLoop>();
        services.AddSingleton<AttemptWorkspace>();
        services.AddSingleton(provider => new CommandLedger(settings.ResolveWorkDir(), provider.GetRequiredService<ILogger<CommandLedger>>()));
        services.AddSingleton(new GitCommand());
        services.AddSingleton(provider => new MirrorCache(settings.ResolveWorkDir(), provider.GetRequiredService<GitCommand>(), branchPrefix: settings.BranchPrefix,
            freshFor: settings.MirrorFreshness, clock: provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new WorktreeManager(settings.ResolveWorkDir(), provider.GetRequiredService<GitCommand>(),
            spareWorktrees: settings.SpareWorktrees, clock: provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorktreeChanges>();
        services.AddSingleton<LeftoverCleanup>();
        services.AddSingleton<BranchPruner>();
        services.AddSingleton<PruneAttemptBranchesConsumer>();
        return services;
    }

    public static WebApplication UseWorker(this WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Ok());
        app.MapStaminaMetrics();
        return app;
    }
}
