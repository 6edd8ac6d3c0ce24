using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.Workers;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Tests.Infrastructure;

/// <summary>The saga and the heartbeat consumer on a real store of either kind, with a fake clock.</summary>
public sealed class StoreHarness : IAsyncDisposable
{
    /// <summary>Microseconds in the fraction: PostgreSQL keeps no more, so every time must round-trip exactly.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    readonly TestStore store;
    readonly ServiceProvider provider;

    StoreHarness(TestStore store, ServiceProvider provider, FakeTimeProvider clock)
    {
        this.store = store;
        this.provider = provider;
        Clock = clock;
        Bus = provider.GetRequiredService<ITestHarness>();
    }

    public StaminaDatabase Database => store.Database;
    public FakeTimeProvider Clock { get; }
    public ITestHarness Bus { get; }

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    /// <param name="settings">Configuration keys (e.g. <c>Stamina:Spend:DailyUsd</c>) for the dispatch gates.</param>
    /// <param name="configure">More services, e.g. a hold of the test's own.</param>
    public static async Task<StoreHarness> StartAsync(string kind, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var store = await TestStore.CreateAsync(kind);
        var clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(store.Database);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(Stamina.ServiceDefaults.Redaction.SecretRedactor.Default);
        services.AddSingleton<IWorkItemJournalFactory, SqlWorkItemJournalFactory>();
        services.AddSingleton<CoordinatorMetrics>();
        services.AddSingleton<Stamina.Coordinator.Dependencies.DependencyResolver>();
        services.AddSingleton<WorkItemContext>();
        services.AddSingleton<Stamina.Coordinator.Leases.LeaseHearing>();
        services.AddSingleton<Items.ItemQueries>();
        services.AddSingleton<WorkerQueries>();
        services.AddSingleton<Stats.StatsQueries>();
        services.AddSingleton<Stamina.Coordinator.WorkItems.Creation.ItemCreator>();
        services.AddOptions<LeaseSettings>();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddDispatchGates();
        services.AddBreakers();
        configure?.Invoke(services);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddSagaStateMachine<WorkItemStateMachine, WorkItemState, WorkItemStateMachineDefinition>()
                .SqlRepository<WorkItemState, WorkItemSagaStore>();
            x.AddConsumer<WorkerHeartbeatConsumer>();
        });
        var harness = new StoreHarness(store, services.BuildServiceProvider(true), clock);
        harness.Bus.TestTimeout = TimeSpan.FromMinutes(1);
        await harness.Bus.Start();
        return harness;
    }

    public async Task<Guid> SubmitAsync(string pool = "default", WorkItemSpec? spec = null, int priority = 0)
    {
        var id = Guid.NewGuid();
        var creation = await Get<Stamina.Coordinator.WorkItems.Creation.ItemCreator>().CreateAsync(new SubmitWorkItem
        {
            WorkItemId = id,
            Pool = pool,
            Priority = priority,
            MaxAttempts = 3,
            Spec = spec ?? new WorkItemSpec { Repo = "/srv/repo", BaseRef = "main", Harness = "command", Command = ["true"], Timeout = TimeSpan.FromMinutes(1) },
        }, CancellationToken.None);
        Assert.That(creation.Created, Is.True);
        return id;
    }

    public async Task ClaimAsync(Guid id, int attempt, WorkerIdentity worker)
    {
        var answer = await Bus.GetRequestClient<ClaimWorkItem>().GetResponse<ClaimGranted, ClaimRejected>(
            new ClaimWorkItem { WorkItemId = id, Attempt = attempt, Worker = worker });
        Assert.That(answer.Is(out Response<ClaimGranted>? granted), Is.True, $"claim of {id} attempt {attempt}");
        secrets[(id, attempt)] = granted!.Message.Secret!;
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid, int), AttemptSecret> secrets = new();

    /// <summary>The secret of a grant this harness received, as its holder keeps it.</summary>
    public AttemptSecret? SecretOf(Guid id, int attempt) => secrets.GetValueOrDefault((id, attempt));

    public async Task CompleteAsync(CompleteAttempt completion)
    {
        completion = completion with { Secret = completion.Secret ?? secrets.GetValueOrDefault((completion.WorkItemId, completion.Attempt)) };
        var answer = await Bus.GetRequestClient<CompleteAttempt>().GetResponse<CompletionAccepted, CompletionRejected>(completion);
        Assert.That(answer.Is(out Response<CompletionAccepted>? _), Is.True, $"completion of {completion.WorkItemId}");
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.Stop();
        await provider.DisposeAsync();
        await store.DisposeAsync();
    }
}
