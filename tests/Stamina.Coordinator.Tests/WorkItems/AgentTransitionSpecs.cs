using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>What agents add to the lifecycle: usage limits, permanent failures, progress, declines.</summary>
[TestFixture]
public sealed class AgentTransitionSpecs : WorkItemSpecs
{
    static readonly WorkerIdentity OnAccountA = WorkItemHarness.WorkerA with { Account = "a" };
    static readonly WorkerIdentity AlsoOnAccountA = WorkItemHarness.WorkerB with { Account = "a" };
    static readonly WorkerIdentity OnAccountB = WorkItemHarness.WorkerB with { Account = "b" };
    [Test]
    public async Task When_an_account_hits_a_usage_limit_Should_requeue_without_a_failure_and_refuse_that_account_until_the_reset()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);
        var reset = Items.Clock.GetUtcNow().AddMinutes(20);

        await Items.CompleteAsync(UsageLimit(id, 1, reset));

        var item = Items.Item(id);
        Assert.That((item.CurrentState, item.Failures, item.NotBefore), Is.EqualTo((WorkItemStates.Queued, 0, (DateTimeOffset?)null)));
        Assert.That(Items.Journal.AccountLimits["a"], Is.EqualTo(reset));
        Assert.That(Items.Journal.Attempts[(id, 1)].Ending!.ErrorClass, Is.EqualTo("usage_limit"));

        var refused = await Items.ClaimAsync(id, 2, AlsoOnAccountA);
        Assert.That(refused.Is(out Response<ClaimRejected>? rejected), Is.True, "another worker on the limited account is refused");
        Assert.That(rejected!.Message.AccountLimitedUntil, Is.EqualTo(reset));
        Assert.That(Items.Item(id).RepublishNow, Is.True, "the refused message is replaced at once");

        Assert.That(await Items.ClaimGrantedAsync(id, 2, OnAccountB), Is.EqualTo(2), "another account takes it");
    }

    [Test]
    public async Task When_a_holder_takes_its_item_back_while_its_account_is_limited_Should_release_it_for_another_account()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);
        var other = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(other, 1, AlsoOnAccountA);
        await Items.CompleteAsync(UsageLimit(other, 1, Items.Clock.GetUtcNow().AddMinutes(5)) with { Worker = "worker-b" });

        var response = await Items.ClaimAsync(id, 1, OnAccountA, redelivered: true);

        Assert.That(response.Is(out Response<ClaimRejected>? rejected), Is.True, "no new attempt on a limited account");
        Assert.That(rejected!.Message.AccountLimitedUntil, Is.Not.Null);
        var item = Items.Item(id);
        Assert.That((item.CurrentState, item.Failures, item.RepublishNow), Is.EqualTo((WorkItemStates.Queued, 0, true)));
    }

    [Test]
    public async Task When_a_limit_is_read_far_in_the_future_Should_rest_the_account_a_week_at_most()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);
        await Items.CompleteAsync(UsageLimit(id, 1, Items.Clock.GetUtcNow().AddYears(1)));
        Assert.That(Items.Journal.AccountLimits["a"], Is.EqualTo(Items.Clock.GetUtcNow().AddDays(7)));
    }

    [Test]
    public async Task When_the_reset_time_has_passed_Should_grant_the_account_again()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);
        await Items.CompleteAsync(UsageLimit(id, 1, Items.Clock.GetUtcNow().AddMinutes(1)));

        Items.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        Assert.That(await Items.ClaimGrantedAsync(id, 2, AlsoOnAccountA), Is.EqualTo(2));
    }

    [Test]
    public async Task When_a_limit_says_no_reset_time_Should_rest_the_account_for_the_configured_backoff()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);
        await Items.CompleteAsync(UsageLimit(id, 1, null));
        Assert.That(Items.Journal.AccountLimits["a"], Is.EqualTo(Items.Clock.GetUtcNow() + Items.Leases.UsageLimitBackoff));
    }

    [TestCase("agent_error")]
    [TestCase("max_turns")]
    [TestCase("max_budget")]
    [TestCase("invalid")]
    public async Task When_an_attempt_fails_permanently_Should_fail_the_item_with_attempts_left(string errorClass)
    {
        var id = await Items.SubmitAsync(maxAttempts: 3);
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);
        await Items.CompleteAsync(new CompleteAttempt { WorkItemId = id, Attempt = 1, Worker = "worker-a", Outcome = AttemptOutcome.Failed, ErrorClass = errorClass });
        Assert.That((Items.Item(id).CurrentState, Items.Item(id).Failures), Is.EqualTo((WorkItemStates.Failed, 1)));
    }

    [TestCase("stall")]
    [TestCase("crashed")]
    [TestCase("exit")]
    public async Task When_an_attempt_fails_in_a_retryable_way_Should_queue_it_again(string errorClass)
    {
        var id = await Items.SubmitAsync(maxAttempts: 3);
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);
        await Items.CompleteAsync(new CompleteAttempt { WorkItemId = id, Attempt = 1, Worker = "worker-a", Outcome = AttemptOutcome.Failed, ErrorClass = errorClass });
        Assert.That((Items.Item(id).CurrentState, Items.Item(id).Failures), Is.EqualTo((WorkItemStates.Queued, 1)));
    }

    [Test]
    public async Task When_a_heartbeat_carries_progress_and_a_checkpoint_Should_record_them_and_a_stale_one_should_not()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, OnAccountA);
        var progress = new AgentProgress { Turns = 4, CostUsd = 0.12m, LastTool = "Edit" };
        var checkpoint = new Checkpoint { Branch = "stamina/x/1", Commit = new string('a', 40), BaseCommit = new string('b', 40) };

        await Items.RenewAsync(new RenewLease { WorkItemId = id, Attempt = 1, Worker = "worker-a", Progress = progress, Checkpoint = checkpoint });
        var stale = await Items.RenewAsync(new RenewLease { WorkItemId = id, Attempt = 7, Worker = "worker-b", Progress = progress });

        Assert.That(stale.Is(out Response<LeaseLost>? _), Is.True);
        var report = Items.Journal.ProgressReports.Single();
        Assert.That((report.Attempt, report.Progress, report.Checkpoint), Is.EqualTo((1, progress, checkpoint)));
    }

    [Test]
    public async Task When_a_worker_declines_the_next_attempts_message_Should_republish_it_and_ignore_an_old_one()
    {
        var id = await Items.SubmitAsync();
        await Items.DeclineAsync(id, 5);
        Assert.That(Items.Item(id).RepublishNow, Is.False, "a decline of an old message changes nothing");

        await Items.DeclineAsync(id, 1);
        Assert.That((Items.Item(id).CurrentState, Items.Item(id).RepublishNow), Is.EqualTo((WorkItemStates.Queued, true)));
    }

    static CompleteAttempt UsageLimit(Guid id, int attempt, DateTimeOffset? until) => new()
    {
        WorkItemId = id,
        Attempt = attempt,
        Worker = "worker-a",
        Account = "a",
        Outcome = AttemptOutcome.Released,
        ErrorClass = "usage_limit",
        Message = "You've hit your limit",
        AccountLimitedUntil = until,
    };
}
