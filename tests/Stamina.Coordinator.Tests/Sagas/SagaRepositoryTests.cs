using Dapper;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.Workers;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Tests.Sagas;

/// <summary>The saga repository on a real database of each kind, under concurrent events on one item.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class SagaRepositoryTests(string kind)
{
    TestStore store = null!;
    ServiceProvider provider = null!;
    ITestHarness harness = null!;
    StaminaDatabase dataSource = null!;

    [SetUp]
    public async Task Start()
    {
        store = await TestStore.CreateAsync(kind);
        dataSource = store.Database;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(dataSource);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Stamina.ServiceDefaults.Redaction.SecretRedactor.Default);
        services.AddSingleton<IWorkItemJournalFactory, SqlWorkItemJournalFactory>();
        services.AddSingleton<CoordinatorMetrics>();
        services.AddSingleton<WorkItemContext>();
        services.AddSingleton<Stamina.Coordinator.Leases.LeaseHearing>();
        services.AddOptions<LeaseSettings>();
        services.AddSingleton<Stamina.Coordinator.Dependencies.DependencyResolver>();
        services.AddSingleton<Stamina.Coordinator.WorkItems.Creation.ItemCreator>();
        services.AddMassTransitTestHarness(x =>
        {
            x.AddSagaStateMachine<WorkItemStateMachine, WorkItemState, WorkItemStateMachineDefinition>()
                .SqlRepository<WorkItemState, WorkItemSagaStore>();
            x.AddConsumer<WorkerHeartbeatConsumer>();
        });
        provider = services.BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromMinutes(2);
        await harness.Start();
    }

    [TearDown]
    public async Task Stop()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        await store.DisposeAsync();
    }

    [Test]
    public async Task When_migrations_run_twice_Should_apply_nothing_the_second_time()
    {
        var applied = await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        Assert.That(applied, Is.Zero);
    }

    [Test]
    public async Task When_many_heartbeats_arrive_at_once_Should_apply_every_one()
    {
        var id = await SubmitAsync();
        var claim = await harness.GetRequestClient<ClaimWorkItem>().GetResponse<ClaimGranted, ClaimRejected>(
            new ClaimWorkItem { WorkItemId = id, Attempt = 1, Worker = new WorkerIdentity { Name = "w", Machine = "m", Pool = "default" } });
        Assert.That(claim.Is(out Response<ClaimGranted>? granted), Is.True);

        const int heartbeats = 200;
        var client = harness.GetRequestClient<RenewLease>();
        var answers = await Task.WhenAll(Enumerable.Range(0, heartbeats).Select(_ =>
            client.GetResponse<LeaseRenewed, LeaseLost>(new RenewLease { WorkItemId = id, Attempt = 1, Worker = "w", Secret = granted!.Message.Secret })));

        Assert.That(answers.Count(a => a.Is(out Response<LeaseRenewed>? _)), Is.EqualTo(heartbeats));
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        var version = await connection.ExecuteScalarAsync<int>("select version from work_items where id = @id", new { id });
        Assert.That(version, Is.EqualTo(1 + 1 + heartbeats), "insert, claim and every heartbeat each bumped the version once");
    }

    [Test]
    public async Task When_many_workers_claim_the_same_token_at_once_Should_grant_exactly_one()
    {
        var id = await SubmitAsync();
        var client = harness.GetRequestClient<ClaimWorkItem>();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.GetResponse<ClaimGranted, ClaimRejected>(new ClaimWorkItem
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = new WorkerIdentity { Name = $"w{i}", Machine = "m", Pool = "default" },
        })));

        Assert.That(answers.Count(a => a.Is(out Response<ClaimGranted>? _)), Is.EqualTo(1));
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from attempts where item_id = @id", new { id }), Is.EqualTo(1));
    }

    [Test]
    public async Task When_results_race_with_a_cancel_Should_accept_exactly_one_ending()
    {
        for (var round = 0; round < 10; round++)
        {
            var id = await SubmitAsync();
            await harness.GetRequestClient<ClaimWorkItem>().GetResponse<ClaimGranted, ClaimRejected>(
                new ClaimWorkItem { WorkItemId = id, Attempt = 1, Worker = new WorkerIdentity { Name = "w", Machine = "m", Pool = "default" } });
            var completion = harness.GetRequestClient<CompleteAttempt>().GetResponse<CompletionAccepted, CompletionRejected>(new CompleteAttempt
            {
                WorkItemId = id,
                Attempt = 1,
                Worker = "w",
                Outcome = AttemptOutcome.Succeeded,
                ExitCode = 0,
                Result = new AttemptResult { Branch = "b", BaseCommit = "a", HeadCommit = "c", Commits = 1 },
            });
            var cancel = harness.GetRequestClient<CancelWorkItem>().GetResponse<WorkItemCommandResult>(new CancelWorkItem { WorkItemId = id });
            await Task.WhenAll(completion, cancel);

            var completed = (await completion).Is(out Response<CompletionAccepted>? _);
            var cancelled = (await cancel).Message.Accepted;
            Assert.That(completed ^ cancelled, Is.True, "exactly one of the two ends the item");
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            var (state, results) = await connection.QuerySingleAsync<(string, long)>(
                "select state, (select count(*) from results r where r.item_id = w.id) from work_items w where id = @id", new { id });
            Assert.That((state, results), Is.EqualTo(completed ? ("Succeeded", 1L) : ("Cancelled", 0L)));
        }
    }

    [Test]
    public async Task When_an_item_enters_queued_again_Should_forget_its_old_publication()
    {
        var id = await SubmitAsync();
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        // As the dispatcher records it; the message is then consumed and refused while the item is cancelled.
        await connection.ExecuteAsync("update work_items set published_token = 1, published_at = @now where id = @id",
            new { id, now = DateTimeOffset.UtcNow });
        await harness.GetRequestClient<CancelWorkItem>().GetResponse<WorkItemCommandResult>(new CancelWorkItem { WorkItemId = id });
        var kept = await connection.ExecuteScalarAsync<int?>("select published_token from work_items where id = @id", new { id });
        await harness.GetRequestClient<RetryWorkItem>().GetResponse<WorkItemCommandResult>(new RetryWorkItem { WorkItemId = id });
        var afterRetry = await connection.ExecuteScalarAsync<int?>("select published_token from work_items where id = @id", new { id });
        Assert.That((kept, afterRetry), Is.EqualTo(((int?)1, (int?)null)), "a retried item is published again under the same token");
    }

    [Test]
    public async Task When_a_late_goodbye_or_heartbeat_of_an_earlier_run_arrives_Should_not_touch_the_current_run()
    {
        var earlier = new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero);
        var current = earlier.AddMinutes(5);
        var worker = new WorkerIdentity { Name = "w1", Machine = "m", Pool = "default" };
        await PublishAndWaitAsync(new WorkerHeartbeat { Worker = worker, Status = WorkerStatus.Idle, StartedAt = current, Interval = TimeSpan.FromSeconds(10), Version = "new" });
        await PublishAndWaitAsync(new WorkerStopped { Name = "w1", StartedAt = earlier });
        await PublishAndWaitAsync(new WorkerHeartbeat { Worker = worker, Status = WorkerStatus.Busy, StartedAt = earlier, Interval = TimeSpan.FromSeconds(10), Version = "old" });

        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        var (status, version, stopped) = await connection.QuerySingleAsync<(string, string, DateTimeOffset?)>(
            "select status, version, stopped_at from workers where name = 'w1'");
        Assert.That((status, version, stopped), Is.EqualTo(("idle", "new", (DateTimeOffset?)null)));

        await PublishAndWaitAsync(new WorkerStopped { Name = "w1", StartedAt = current });
        Assert.That(await connection.ExecuteScalarAsync<string>("select status from workers where name = 'w1'"), Is.EqualTo("stopped"));
    }

    async Task PublishAndWaitAsync<T>(T message)
        where T : class
    {
        var consumer = harness.GetConsumerHarness<WorkerHeartbeatConsumer>();
        var before = consumer.Consumed.Select<T>().Count();
        await harness.Bus.Publish(message);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (consumer.Consumed.Select<T>().Count() == before)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{typeof(T).Name} was not consumed within 10 s");
            await Task.Delay(10);
        }
    }

    async Task<Guid> SubmitAsync()
    {
        var id = Guid.NewGuid();
        await provider.GetRequiredService<Stamina.Coordinator.WorkItems.Creation.ItemCreator>().CreateAsync(new SubmitWorkItem
        {
            WorkItemId = id,
            Pool = "default",
            MaxAttempts = 3,
            Spec = new WorkItemSpec { Repo = "/srv/repo", BaseRef = "main", Harness = "command", Command = ["true"], Timeout = TimeSpan.FromMinutes(1) },
        }, CancellationToken.None);
        return id;
    }
}
