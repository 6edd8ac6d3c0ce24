using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Redaction;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Facts;

/// <summary>The result's delivery: final answers, sends again across an outage, and when it gives up.</summary>
[TestFixture]
public sealed class CompletionSenderFacts
{
    static readonly CompleteAttempt Result = new()
    {
        WorkItemId = Guid.NewGuid(),
        Attempt = 2,
        Worker = "facts-worker",
        Outcome = AttemptOutcome.Succeeded,
    };

    FakeTimeProvider clock = null!;
    FakeLifetime lifetime = null!;
    CoordinatorHarness<CompleteAttempt> coordinator = null!;
    // A real request times out on the bus's own clock: long enough for a cold first request, short for a silent one.
    readonly WorkerSettings settings = new() { Name = "facts-worker", CompletionRequestTimeout = TimeSpan.FromSeconds(1) };

    [SetUp]
    public async Task SetUp()
    {
        clock = new FakeTimeProvider(FakeTime.Start);
        lifetime = new FakeLifetime();
        coordinator = await CoordinatorHarness<CompleteAttempt>.StartAsync(clock);
    }

    [TearDown]
    public async Task TearDown()
    {
        await coordinator.DisposeAsync();
        lifetime.Dispose();
    }

    CompletionSender Sender() => new(coordinator.Client(), lifetime, Options.Create(settings), clock, SecretRedactor.Default, NullLogger<CompletionSender>.Instance);

    Task<bool> SendAsync() => clock.DriveAsync(Sender().SendAsync(Result, CancellationToken.None), TimeSpan.FromMilliseconds(250));

    [Test]
    public async Task Send_ReturnsTrue_WhenTheCoordinatorAccepts()
    {
        coordinator.Script.Then(new CompletionAccepted { WorkItemId = Result.WorkItemId, Attempt = Result.Attempt, State = "Succeeded" });

        Assert.That(await SendAsync(), Is.True);
        Assert.That(coordinator.Script.Asked.Single().Request.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
    }

    [Test]
    public async Task Send_ReturnsFalseAndAsksNoMore_WhenTheResultIsRejectedAsStale()
    {
        coordinator.Script.Then(new CompletionRejected { WorkItemId = Result.WorkItemId, Attempt = Result.Attempt, Reason = "stale token" });

        Assert.That(await SendAsync(), Is.False);
        Assert.That(coordinator.Script.Asked, Has.Count.EqualTo(1), "a rejection is final");
    }

    [Test]
    public async Task Send_DeliversTheSameResult_AcrossACoordinatorOutage()
    {
        coordinator.Script.ThenSilence().ThenFault().ThenSilence()
            .Then(new CompletionAccepted { WorkItemId = Result.WorkItemId, Attempt = Result.Attempt, State = "Succeeded" });

        Assert.That(await SendAsync(), Is.True, "an outage costs the result nothing");
        var asked = coordinator.Script.Asked.ToArray();
        Assert.That(asked, Has.Length.EqualTo(4));
        Assert.That(asked.Select(a => (a.Request.Attempt, a.Request.Outcome)).Distinct().Single(), Is.EqualTo((Result.Attempt, AttemptOutcome.Succeeded)),
            "the same attempt's result each time, never a new attempt");
        // The waits double from the first one.
        Assert.That(asked[2].At - asked[1].At, Is.GreaterThanOrEqualTo(settings.CompletionRetryDelay * 2));
        Assert.That(asked[3].At - asked[2].At, Is.GreaterThanOrEqualTo(settings.CompletionRetryDelay * 4));
    }

    [Test]
    public async Task Send_GivesUpWithoutAResult_WhenTheWorkerStops()
    {
        coordinator.Script.ThenSilence();
        lifetime.StopApplication();

        Assert.That(await SendAsync(), Is.False);
        Assert.That(coordinator.Script.Asked, Has.Count.EqualTo(1), "stopping sends no more (the lease brings the item back)");
    }

    [Test]
    public async Task Send_GivesUp_AfterItsPatience()
    {
        settings.CompletionPatience = TimeSpan.FromSeconds(20);
        coordinator.Script.ThenSilence();

        Assert.That(await SendAsync(), Is.False);
        Assert.That(coordinator.Script.Asked.Last().At - FakeTime.Start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(20) + settings.CompletionMaxRetryDelay));
    }

    [Test]
    public void Send_Throws_WhenCancelled()
    {
        coordinator.Script.ThenSilence();
        using var cancel = new CancellationTokenSource();

        var send = Sender().SendAsync(Result, cancel.Token);
        cancel.Cancel();

        Assert.That(async () => await clock.DriveAsync(send, TimeSpan.FromMilliseconds(250)), Throws.InstanceOf<OperationCanceledException>());
    }
}
