using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Facts;

/// <summary>The claim's answers, its "retry after", its waits and its faults, against a scripted coordinator.</summary>
[TestFixture]
public sealed class ClaimClientFacts
{
    static readonly ExecuteWorkItem Item = new() { WorkItemId = Guid.NewGuid(), Attempt = 3, Pool = "default" };

    FakeTimeProvider clock = null!;
    CoordinatorHarness<ClaimWorkItem> coordinator = null!;
    // A real request times out on the bus's own clock: long enough for a cold first request, short for a silent one.
    readonly WorkerSettings settings = new() { Name = "facts-worker", ClaimRequestTimeout = TimeSpan.FromSeconds(1) };

    [SetUp]
    public async Task SetUp()
    {
        clock = new FakeTimeProvider(FakeTime.Start);
        coordinator = await CoordinatorHarness<ClaimWorkItem>.StartAsync(clock);
    }

    [TearDown]
    public async Task TearDown() => await coordinator.DisposeAsync();

    ClaimClient Client() => new(coordinator.Client(), Options.Create(settings), clock, NullLogger<ClaimClient>.Instance);

    Task<ClaimOutcome> ClaimAsync(CancellationToken cancellation = default) =>
        clock.DriveAsync(Client().ClaimAsync(Item, redelivered: true, cancellation), TimeSpan.FromMilliseconds(250));

    static ClaimGranted Grant() => new() { WorkItemId = Item.WorkItemId, Attempt = Item.Attempt, LeaseDuration = TimeSpan.FromSeconds(30) };

    static ClaimRejected Held(TimeSpan retryAfter) => new() { WorkItemId = Item.WorkItemId, Attempt = Item.Attempt, Reason = "held", RetryAfter = retryAfter };

    [Test]
    public async Task Claim_ReturnsTheGrant_WhenTheCoordinatorGrants()
    {
        coordinator.Script.Then(Grant());

        var outcome = await ClaimAsync();

        Assert.That(outcome.Granted?.Attempt, Is.EqualTo(Item.Attempt));
        var (request, _) = coordinator.Script.Asked.Single();
        Assert.That((request.WorkItemId, request.Attempt, request.Redelivered, request.Worker.Name), Is.EqualTo((Item.WorkItemId, Item.Attempt, true, "facts-worker")));
    }

    [Test]
    public async Task Claim_ReturnsNoGrantAndTheReason_WhenTheCoordinatorRejects()
    {
        var limitedUntil = FakeTime.Start.AddHours(2);
        coordinator.Script.Then(new ClaimRejected { WorkItemId = Item.WorkItemId, Reason = "limited", AccountLimitedUntil = limitedUntil, WorkerDrained = true });

        var outcome = await ClaimAsync();

        Assert.That(outcome, Is.EqualTo(new ClaimOutcome(null, limitedUntil, WorkerDrained: true)));
        Assert.That(coordinator.Script.Asked, Has.Count.EqualTo(1), "a plain rejection is final");
    }

    [Test]
    public async Task Claim_AsksAgainAfterTheWaitTheCoordinatorNames_WhenALiveHolderHasIt()
    {
        coordinator.Script.Then(Held(TimeSpan.FromSeconds(5))).Then(Held(TimeSpan.FromSeconds(7))).Then(Grant());

        var outcome = await ClaimAsync();

        Assert.That(outcome.Granted, Is.Not.Null);
        var times = coordinator.Script.Asked.Select(a => a.At).ToArray();
        Assert.That(times, Has.Length.EqualTo(3));
        Assert.That(times[1] - times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(times[2] - times[1], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public async Task Claim_GivesUpWithoutAFailure_WhenTheHolderKeepsItPastTheWaitLimit()
    {
        settings.ClaimWaitLimit = TimeSpan.FromSeconds(30);
        coordinator.Script.Then(Held(TimeSpan.FromSeconds(10)));

        var outcome = await ClaimAsync();

        Assert.That(outcome, Is.EqualTo(new ClaimOutcome(null, null)));
        Assert.That(coordinator.Script.Asked.Last().At - FakeTime.Start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(30)), "no ask starts after the limit");
        Assert.That(coordinator.Script.Asked, Has.Count.InRange(3, 4));
    }

    [Test]
    public async Task Claim_AsksAgain_WhenTheCoordinatorIsSilentOrBroken()
    {
        coordinator.Script.ThenSilence().ThenFault().Then(Grant());

        var outcome = await ClaimAsync();

        Assert.That(outcome.Granted, Is.Not.Null, "an outage is not a refusal");
        var times = coordinator.Script.Asked.Select(a => a.At).ToArray();
        Assert.That(times, Has.Length.EqualTo(3));
        Assert.That(times[2] - times[1], Is.GreaterThanOrEqualTo(settings.ClaimRetryDelay));
    }

    [Test]
    public void Claim_Throws_WhenCancelled()
    {
        coordinator.Script.Then(Held(TimeSpan.FromSeconds(5)));
        using var cancel = new CancellationTokenSource();

        var claim = Client().ClaimAsync(Item, redelivered: false, cancel.Token);
        cancel.Cancel();

        Assert.That(async () => await clock.DriveAsync(claim, TimeSpan.FromMilliseconds(250)), Throws.InstanceOf<OperationCanceledException>());
    }
}
