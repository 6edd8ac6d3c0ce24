using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>The state machine on MassTransit's in-memory harness, with a fake clock and a recording journal.</summary>
public sealed class WorkItemHarness : IAsyncDisposable
{
    readonly ServiceProvider provider;

    WorkItemHarness(ServiceProvider provider, FakeTimeProvider clock, RecordingJournal journal)
    {
        this.provider = provider;
        Clock = clock;
        Journal = journal;
        Harness = provider.GetRequiredService<ITestHarness>();
        Machine = provider.GetRequiredService<WorkItemStateMachine>();
    }

    public FakeTimeProvider Clock { get; }
    public RecordingJournal Journal { get; }
    public ITestHarness Harness { get; }
    public WorkItemStateMachine Machine { get; }
    public LeaseSettings Leases => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LeaseSettings>>().Value;
    public Stamina.Coordinator.Leases.LeaseHearing Hearing => provider.GetRequiredService<Stamina.Coordinator.Leases.LeaseHearing>();

    /// <summary>The coordinator has heard for a full lease period: takeovers are judged on silence alone.</summary>
    public void HearForALease() => Clock.Advance(Leases.LeaseDuration);

    public static readonly WorkerIdentity WorkerA = new() { Name = "worker-a", Machine = "m1", Pool = "default" };
    public static readonly WorkerIdentity WorkerB = new() { Name = "worker-b", Machine = "m2", Pool = "default" };

    /// <param name="holders">The broker's answer about holder processes; null: none asked (as in local mode).</param>
    /// <param name="leases">Changes to the default lease settings.</param>
    public static async Task<WorkItemHarness> StartAsync(Stamina.Coordinator.Leases.IHolderProbe? holders = null, Action<LeaseSettings>? leases = null)
    {
        var services = new ServiceCollection();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.Zero));
        var journal = new RecordingJournal();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IWorkItemJournalFactory>(journal);
        services.AddSingleton<CoordinatorMetrics>();
        services.AddSingleton<WorkItemContext>();
        services.AddSingleton<Stamina.Coordinator.Leases.LeaseHearing>();
        services.AddOptions<LeaseSettings>().Configure(settings => leases?.Invoke(settings));
        if (holders is not null)
        {
            services.AddSingleton(holders);
            services.AddSingleton<Stamina.Coordinator.Leases.DeadHolderJudge>();
        }
        services.AddMassTransitTestHarness(x => x.AddSagaStateMachine<WorkItemStateMachine, WorkItemState>().InMemoryRepository());
        var harness = new WorkItemHarness(services.BuildServiceProvider(true), clock, journal);
        await harness.Harness.Start();
        return harness;
    }

    public Task<Guid> SubmitAsync(int maxAttempts = 3)
    {
        // Items are made by the API's ItemCreator, not by an event: here the new row goes straight into the in-memory repository.
        var id = Guid.NewGuid();
        var now = Clock.GetUtcNow();
        provider.GetRequiredService<IndexedSagaDictionary<WorkItemState>>().Add(new SagaInstance<WorkItemState>(new WorkItemState
        {
            CorrelationId = id,
            CurrentState = WorkItemStates.Queued,
            Pool = "default",
            MaxAttempts = maxAttempts,
            CreatedAt = now,
            UpdatedAt = now,
        }));
        Journal.Specs[id] = new WorkItemSpec { Repo = "/srv/repo", BaseRef = "main", Harness = "command", Command = ["true"], Timeout = TimeSpan.FromMinutes(1) };
        return Task.FromResult(id);
    }

    /// <summary>The secrets of the grants this harness received, as their holders keep them.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(Guid Item, int Attempt), AttemptSecret> Secrets { get; } = new();

    public AttemptSecret? SecretOf(Guid id, int attempt) => Secrets.GetValueOrDefault((id, attempt));

    public async Task<Response<ClaimGranted, ClaimRejected>> ClaimAsync(Guid id, int attempt, WorkerIdentity worker, bool redelivered = false)
    {
        var response = await Harness.GetRequestClient<ClaimWorkItem>().GetResponse<ClaimGranted, ClaimRejected>(new ClaimWorkItem
        {
            WorkItemId = id,
            Attempt = attempt,
            Worker = worker,
            Redelivered = redelivered,
        });
        if (response.Is(out Response<ClaimGranted>? granted) && granted.Message.Secret is { } secret)
            Secrets[(id, granted.Message.Attempt)] = secret;
        return response;
    }

    public async Task<int> ClaimGrantedAsync(Guid id, int attempt, WorkerIdentity worker, bool redelivered = false)
    {
        var response = await ClaimAsync(id, attempt, worker, redelivered);
        Assert.That(response.Is(out Response<ClaimGranted>? granted), Is.True, "the claim should be granted");
        return granted!.Message.Attempt;
    }

    public async Task<Response<LeaseRenewed, LeaseLost>> RenewAsync(Guid id, int attempt, string worker = "worker-a") =>
        await Harness.GetRequestClient<RenewLease>().GetResponse<LeaseRenewed, LeaseLost>(new RenewLease
        {
            WorkItemId = id,
            Attempt = attempt,
            Worker = worker,
            Secret = SecretOf(id, attempt),
        });

    public async Task<Response<CompletionAccepted, CompletionRejected>> CompleteAsync(Guid id, int attempt, AttemptOutcome outcome, string worker = "worker-a") =>
        await Harness.GetRequestClient<CompleteAttempt>().GetResponse<CompletionAccepted, CompletionRejected>(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = attempt,
            Worker = worker,
            Secret = SecretOf(id, attempt),
            Outcome = outcome,
            ExitCode = outcome == AttemptOutcome.Succeeded ? 0 : 3,
            Result = new AttemptResult { Branch = $"stamina/{id:N}/{attempt}", Commits = 1 },
        });

    /// <summary>Sends the completion as given, with the holder's secret when it has none.</summary>
    public Task<Response<CompletionAccepted, CompletionRejected>> CompleteAsync(CompleteAttempt completion) =>
        SendAsIsAsync(completion.Secret is null ? completion with { Secret = SecretOf(completion.WorkItemId, completion.Attempt) } : completion);

    /// <summary>Sends the completion exactly as given: a forger's.</summary>
    public async Task<Response<CompletionAccepted, CompletionRejected>> SendAsIsAsync(CompleteAttempt completion) =>
        await Harness.GetRequestClient<CompleteAttempt>().GetResponse<CompletionAccepted, CompletionRejected>(completion);

    /// <summary>Sends the renewal as given, with the holder's secret when it has none.</summary>
    public Task<Response<LeaseRenewed, LeaseLost>> RenewAsync(RenewLease renewal) =>
        SendAsIsAsync(renewal.Secret is null ? renewal with { Secret = SecretOf(renewal.WorkItemId, renewal.Attempt) } : renewal);

    /// <summary>Sends the renewal exactly as given: a forger's.</summary>
    public async Task<Response<LeaseRenewed, LeaseLost>> SendAsIsAsync(RenewLease renewal) =>
        await Harness.GetRequestClient<RenewLease>().GetResponse<LeaseRenewed, LeaseLost>(renewal);

    /// <summary>Publishes a decline and waits until the saga has handled it.</summary>
    public async Task DeclineAsync(Guid id, int attempt)
    {
        var saga = Harness.GetSagaStateMachineHarness<WorkItemStateMachine, WorkItemState>();
        await Harness.Bus.Publish(new DeclineWorkItem { WorkItemId = id, Attempt = attempt, Worker = "worker-a", Reason = "paused" });
        Assert.That(await saga.Consumed.Any<DeclineWorkItem>(m => m.Context.Message.WorkItemId == id && m.Context.Message.Attempt == attempt), Is.True);
    }

    public Task<WorkItemCommandResult> CancelAsync(Guid id) => Ask<CancelWorkItem, WorkItemCommandResult>(new CancelWorkItem { WorkItemId = id });

    public Task<WorkItemCommandResult> RetryAsync(Guid id) => Ask<RetryWorkItem, WorkItemCommandResult>(new RetryWorkItem { WorkItemId = id });

    /// <summary>Publishes the reaper's message and waits until the saga has handled one more of them.</summary>
    public async Task ExpireAsync(Guid id, int attempt)
    {
        var saga = Harness.GetSagaStateMachineHarness<WorkItemStateMachine, WorkItemState>();
        var before = saga.Consumed.Select<ExpireLease>(m => m.Context.Message.WorkItemId == id).Count();
        await Harness.Bus.Publish(new ExpireLease { WorkItemId = id, Attempt = attempt });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (saga.Consumed.Select<ExpireLease>(m => m.Context.Message.WorkItemId == id).Count() == before)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("the saga did not handle ExpireLease within 10 s");
            await Task.Delay(10);
        }
    }

    public WorkItemState Item(Guid id)
    {
        var saga = Harness.GetSagaStateMachineHarness<WorkItemStateMachine, WorkItemState>();
        return saga.Sagas.Contains(id) ?? throw new AssertionException($"no saga instance {id}");
    }

    async Task<TResponse> Ask<TRequest, TResponse>(TRequest request)
        where TRequest : class
        where TResponse : class =>
        (await Harness.GetRequestClient<TRequest>().GetResponse<TResponse>(request)).Message;

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
