using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Testing;
using Stamina.Worker.Execution;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Tests.Facts;

/// <summary>The pool queue's consumer: what it does with each answer to its claim, and when it asks for none.</summary>
[TestFixture]
public sealed class ExecuteWorkItemConsumerFacts
{
    readonly FakeTimeProvider clock = new(FakeTime.Start);
    FakeLifetime lifetime = null!;
    FakeClaimClient claims = null!;
    FakeAttemptRunner runner = null!;
    AccountGate account = null!;
    WorkerRegistration registration = null!;
    ServiceProvider provider = null!;
    ITestHarness harness = null!;

    static ExecuteWorkItem Item() => new() { WorkItemId = Guid.NewGuid(), Attempt = 1, Pool = "default" };

    static ClaimGranted Grant(ExecuteWorkItem item) => new() { WorkItemId = item.WorkItemId, Attempt = item.Attempt };

    [SetUp]
    public async Task SetUp()
    {
        lifetime = new FakeLifetime();
        claims = new FakeClaimClient();
        runner = new FakeAttemptRunner();
        account = new AccountGate(clock);
        registration = new WorkerRegistration();
        registration.Accept();
        provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostApplicationLifetime>(lifetime)
            .AddSingleton(Options.Create(new WorkerSettings { Name = "facts-worker", Account = "facts" }))
            .AddSingleton<WorkerActivity>()
            .AddSingleton<DrainSignal>()
            .AddSingleton<ItemTurn>()
            .AddSingleton(account)
            .AddSingleton(registration)
            .AddSingleton<IClaimClient>(claims)
            .AddSingleton<IAttemptRunner>(runner)
            .AddMassTransitTestHarness(bus => bus.AddConsumer<ExecuteWorkItemConsumer>())
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    [TearDown]
    public async Task TearDown()
    {
        // A consume that holds its delivery while the account is closed lets go when the worker stops.
        lifetime.StopApplication();
        await harness.Stop();
        await provider.DisposeAsync();
        lifetime.Dispose();
    }

    async Task ConsumeAsync(ExecuteWorkItem item)
    {
        await harness.Bus.Publish(item);
        Assert.That(await harness.Consumed.Any<ExecuteWorkItem>(m => m.Context.Message.WorkItemId == item.WorkItemId), Is.True);
    }

    [Test]
    public async Task Execute_RunsTheAttempt_WhenTheClaimIsGranted()
    {
        var item = Item();
        claims.Outcome = new ClaimOutcome(Grant(item), null);

        await ConsumeAsync(item);

        Assert.That(runner.Ran.Single().Item.WorkItemId, Is.EqualTo(item.WorkItemId));
        Assert.That(account.IsOpen, Is.True);
    }

    [Test]
    public async Task Execute_RunsNothing_WhenTheClaimIsRejectedOrUnanswered()
    {
        claims.Outcome = new ClaimOutcome(null, null);

        await ConsumeAsync(Item());

        Assert.That(claims.Claimed, Has.Count.EqualTo(1));
        Assert.That(runner.Ran, Is.Empty);
        Assert.That(account.IsOpen, Is.True, "a rejected claim is no reason to stop taking work");
    }

    [Test]
    public async Task Execute_TakesNoWorkUntilTheReset_WhenTheCoordinatorSaysTheAccountIsLimited()
    {
        var until = FakeTime.Start.AddHours(1);
        claims.Outcome = new ClaimOutcome(null, until);

        await harness.Bus.Publish(Item());

        await Eventually.UntilAsync(() => Task.FromResult(!account.IsOpen), TimeSpan.FromSeconds(10), "the account closes");
        Assert.That(account.Snapshot().LimitedUntil, Is.EqualTo(until));
        Assert.That(runner.Ran, Is.Empty);
    }

    [Test]
    public async Task Execute_DrainsTheWorker_WhenTheCoordinatorSaysItIsDrained()
    {
        claims.Outcome = new ClaimOutcome(null, null, WorkerDrained: true);

        await harness.Bus.Publish(Item());

        await Eventually.UntilAsync(() => Task.FromResult(account.DrainedByOperator), TimeSpan.FromSeconds(10), "the worker is drained");
        Assert.That(runner.Ran, Is.Empty);
    }

    [Test]
    public async Task Execute_DeclinesWithoutClaiming_WhenTheAccountIsClosed()
    {
        account.Pause("logged out");
        var item = Item();

        await harness.Bus.Publish(item);

        Assert.That(await harness.Published.Any<DeclineWorkItem>(m => m.Context.Message.WorkItemId == item.WorkItemId), Is.True);
        Assert.That(claims.Claimed, Is.Empty);
    }

    [Test]
    public async Task Execute_DeclinesWithoutClaiming_WhenTheWorkerIsStopping()
    {
        lifetime.StopApplication();
        var item = Item();

        await ConsumeAsync(item);

        Assert.That(await harness.Published.Any<DeclineWorkItem>(m => m.Context.Message.WorkItemId == item.WorkItemId), Is.True);
        Assert.That(claims.Claimed, Is.Empty);
        Assert.That(runner.Ran, Is.Empty);
    }
}
