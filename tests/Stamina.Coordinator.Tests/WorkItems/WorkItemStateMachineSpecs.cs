using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>Every transition of the lifecycle, and proof that stale tokens change nothing.</summary>
[TestFixture]
public sealed class WorkItemStateMachineSpecs : WorkItemSpecs
{
    [Test]
    public async Task When_claimed_with_the_next_token_Should_run_under_it()
    {
        var id = await Items.SubmitAsync();
        var token = await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var item = Items.Item(id);
        Assert.That((token, item.CurrentState, item.Attempt, item.Holder), Is.EqualTo((1, WorkItemStates.Running, 1, "worker-a")));
        Assert.That(item.LeaseExpiresAt, Is.EqualTo(Items.Clock.GetUtcNow() + Items.Leases.LeaseDuration));
        Assert.That(Items.Journal.Attempts.ContainsKey((id, 1)), Is.True);
    }

    [Test]
    public async Task When_claimed_with_a_stale_token_Should_reject_and_change_nothing()
    {
        var id = await Items.SubmitAsync();
        var response = await Items.ClaimAsync(id, 7, WorkItemHarness.WorkerA);
        Assert.That(response.Is(out Response<ClaimRejected>? rejected), Is.True);
        Assert.That(rejected!.Message.Reason, Is.EqualTo("stale token"));
        Assert.That((Items.Item(id).CurrentState, Items.Item(id).Attempt), Is.EqualTo((WorkItemStates.Queued, 0)));
    }

    [Test]
    public async Task When_a_duplicate_message_is_claimed_Should_reject_without_taking_over()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var response = await Items.ClaimAsync(id, 1, WorkItemHarness.WorkerB);
        Assert.That(response.Is(out Response<ClaimRejected>? rejected), Is.True);
        Assert.That(rejected!.Message.RetryAfter, Is.Null);
        Assert.That(Items.Item(id).Holder, Is.EqualTo("worker-a"));
    }

    [Test]
    public async Task When_redelivered_while_the_holder_lives_Should_ask_to_retry_later()
    {
        Items.HearForALease();
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var response = await Items.ClaimAsync(id, 1, WorkItemHarness.WorkerB, redelivered: true);
        Assert.That(response.Is(out Response<ClaimRejected>? rejected), Is.True);
        Assert.That(rejected!.Message.RetryAfter, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(Items.Leases.TakeoverAfter + TimeSpan.FromSeconds(1)));
        Assert.That(Items.Item(id).Attempt, Is.EqualTo(1));
    }

    [Test]
    public async Task When_redelivered_soon_after_an_outage_Should_give_the_holder_a_full_lease_and_time_to_reconnect()
    {
        Items.HearForALease();
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        Items.Hearing.Lost("test: the broker restarts, and redelivers every held message");
        Items.Clock.Advance(Items.Leases.TakeoverAfter * 3);
        Items.Hearing.Heard();
        var heardAt = Items.Clock.GetUtcNow();
        Items.Clock.Advance(Items.Leases.TakeoverAfter + TimeSpan.FromSeconds(1));

        var response = await Items.ClaimAsync(id, 1, WorkItemHarness.WorkerB, redelivered: true);

        Assert.That(response.Is(out Response<ClaimRejected>? rejected), Is.True, "the holder may still be reconnecting");
        Assert.That(Items.Clock.GetUtcNow() + rejected!.Message.RetryAfter!.Value,
            Is.GreaterThanOrEqualTo(heardAt + Items.Leases.LeaseDuration + Items.Leases.ReconnectAllowance),
            "no takeover before a lease and the reconnect allowance have passed since hearing resumed");
        Items.Clock.Advance(rejected.Message.RetryAfter!.Value);
        Assert.That(await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerB, redelivered: true), Is.EqualTo(2),
            "a full lease and the reconnect allowance after hearing resumed, a holder still silent is taken over");
    }

    [Test]
    public async Task When_a_lease_expiry_arrives_while_the_coordinator_cannot_hear_Should_change_nothing()
    {
        Items.HearForALease();
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        Items.Clock.Advance(Items.Leases.LeaseDuration * 2);
        // The reaper judged, then the broker went away: its judgement waited in the broker through the outage.
        Items.Hearing.Lost("test: the broker restarts");
        await Items.ExpireAsync(id, 1);
        Items.Hearing.Heard();
        await Items.ExpireAsync(id, 1);

        Assert.That((Items.Item(id).CurrentState, Items.Item(id).Attempt, Items.Item(id).LostAttempts), Is.EqualTo(("Running", 1, 0)),
            "nobody could renew during the outage, nor before reconnecting after it");
        Items.Clock.Advance(Items.Leases.LeaseDuration + Items.Leases.ReconnectAllowance);
        await Items.ExpireAsync(id, 1);
        Assert.That(Items.Item(id).LostAttempts, Is.EqualTo(1), "a holder silent a full lease and allowance after the outage is lost");
    }

    [Test]
    public async Task When_redelivered_after_the_holder_went_silent_Should_take_over_under_a_new_token()
    {
        Items.HearForALease();
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        Items.Clock.Advance(Items.Leases.TakeoverAfter + TimeSpan.FromSeconds(1));

        var token = await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerB, redelivered: true);

        Assert.That((token, Items.Item(id).Holder, Items.Item(id).Failures, Items.Item(id).LostAttempts), Is.EqualTo((2, "worker-b", 0, 1)),
            "a silent holder is a fault, not the item's failure");
        Assert.That(Items.Journal.Attempts[(id, 1)].Ending!.Outcome, Is.EqualTo("lost"));
        var stale = await Items.CompleteAsync(id, 1, AttemptOutcome.Succeeded);
        Assert.That(stale.Is(out Response<CompletionRejected>? _), Is.True, "the old holder's result is stale");
    }

    [Test]
    public async Task When_the_holder_asks_again_for_its_own_token_Should_grant_it_again_unchanged()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var token = await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        Assert.That((token, Items.Item(id).Attempt, Items.Item(id).Failures), Is.EqualTo((1, 1, 0)), "our first answer was lost; same grant");
    }

    [Test]
    public async Task When_the_holder_restarted_and_got_its_message_back_Should_take_over_at_once_without_a_failure()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var token = await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA, redelivered: true);
        Assert.That((token, Items.Item(id).Failures, Items.Item(id).LostAttempts), Is.EqualTo((2, 0, 1)),
            "not a failure, but lost: a poison item that kills its worker each time still ends at the lost cap");
        Assert.That((Items.Journal.Attempts[(id, 1)].Ending!.Outcome, Items.Journal.Attempts[(id, 1)].Ending!.ErrorClass),
            Is.EqualTo((AttemptOutcomes.Lost, ErrorClasses.Restart)));
    }

    [Test]
    public async Task When_the_lease_is_renewed_under_the_current_token_Should_extend_it()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        Items.Clock.Advance(TimeSpan.FromSeconds(10));
        var response = await Items.RenewAsync(id, 1);
        Assert.That(response.Is(out Response<LeaseRenewed>? renewed), Is.True);
        Assert.That(renewed!.Message.LeaseExpiresAt, Is.EqualTo(Items.Clock.GetUtcNow() + Items.Leases.LeaseDuration));
    }

    [Test]
    public async Task When_a_heartbeat_carries_a_token_never_granted_Should_answer_lease_lost_and_record_it_as_forged()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var before = Items.Item(id).LeaseExpiresAt;
        var response = await Items.RenewAsync(id, 5, "worker-z");
        Assert.That(response.Is(out Response<LeaseLost>? _), Is.True);
        Assert.That(Items.Item(id).LeaseExpiresAt, Is.EqualTo(before));
        Assert.That(Items.Journal.Forged, Has.One.Matches<(Guid, int, string Kind, string Worker)>(s => s.Kind == "heartbeat" && s.Worker == "worker-z"));
    }

    [Test]
    public async Task When_the_attempt_succeeds_Should_store_one_result_and_refuse_a_second()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var first = await Items.CompleteAsync(id, 1, AttemptOutcome.Succeeded);
        var second = await Items.CompleteAsync(id, 1, AttemptOutcome.Failed);
        Assert.That(first.Is(out Response<CompletionAccepted>? _), Is.True);
        Assert.That(second.Is(out Response<CompletionRejected>? _), Is.True);
        Assert.That(Items.Item(id).CurrentState, Is.EqualTo(WorkItemStates.Succeeded));
        Assert.That(Items.Journal.Results[id].Attempt, Is.EqualTo(1));
        Assert.That(Items.Journal.Stale, Has.One.Matches<(Guid, int, string Kind, string)>(s => s.Kind == "result"));
    }

    [Test]
    public async Task When_an_attempt_fails_with_attempts_left_Should_queue_it_again_after_a_backoff()
    {
        var id = await Items.SubmitAsync(maxAttempts: 2);
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        await Items.CompleteAsync(id, 1, AttemptOutcome.Failed);
        var item = Items.Item(id);
        Assert.That((item.CurrentState, item.Failures, item.Holder), Is.EqualTo((WorkItemStates.Queued, 1, (string?)null)));
        Assert.That(item.NotBefore, Is.GreaterThanOrEqualTo(Items.Clock.GetUtcNow() + Items.Leases.RetryBaseDelay));

        await Items.ClaimGrantedAsync(id, 2, WorkItemHarness.WorkerB);
        await Items.CompleteAsync(id, 2, AttemptOutcome.TimedOut, "worker-b");
        Assert.That((Items.Item(id).CurrentState, Items.Item(id).Failures), Is.EqualTo((WorkItemStates.Failed, 2)));
        Assert.That(Items.Journal.Attempts[(id, 2)].Ending!.Outcome, Is.EqualTo("timedOut"));
    }

    [Test]
    public async Task When_released_Should_queue_again_without_counting_a_failure()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        await Items.CompleteAsync(id, 1, AttemptOutcome.Released);
        var item = Items.Item(id);
        Assert.That((item.CurrentState, item.Failures, item.NotBefore), Is.EqualTo((WorkItemStates.Queued, 0, (DateTimeOffset?)null)));
    }

    [Test]
    public async Task When_the_lease_expired_Should_reclaim_and_when_it_did_not_Should_ignore_the_reaper()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        await Items.ExpireAsync(id, 1);
        Assert.That(Items.Item(id).CurrentState, Is.EqualTo(WorkItemStates.Running), "the deadline has not passed");

        Items.Clock.Advance(Items.Leases.LeaseDuration + TimeSpan.FromSeconds(1));
        await Items.ExpireAsync(id, 1);
        Assert.That((Items.Item(id).CurrentState, Items.Item(id).Failures, Items.Item(id).LostAttempts), Is.EqualTo((WorkItemStates.Queued, 0, 1)));
        Assert.That(Items.Item(id).NotBefore, Is.Null, "a lost attempt is retried at once: the lease was the wait");
        Assert.That(Items.Journal.Attempts[(id, 1)].Ending!.Outcome, Is.EqualTo("lost"));
    }

    [Test]
    public async Task When_lost_as_often_as_its_cap_Should_fail_with_that_reason_without_using_its_attempts()
    {
        var id = await Items.SubmitAsync();
        var cap = Items.Leases.MaxLostAttempts;
        for (var attempt = 1; attempt <= cap; attempt++)
        {
            await Items.ClaimGrantedAsync(id, attempt, WorkItemHarness.WorkerA);
            Items.Clock.Advance(Items.Leases.LeaseDuration + TimeSpan.FromSeconds(1));
            await Items.ExpireAsync(id, attempt);
        }

        var item = Items.Item(id);
        Assert.That((item.CurrentState, item.Failures, item.LostAttempts), Is.EqualTo((WorkItemStates.Failed, 0, cap)));
        Assert.That(Items.Journal.Attempts[(id, cap)].Ending!.ErrorClass, Is.EqualTo(ErrorClasses.LostTooOften));
        Assert.That(Items.Journal.Attempts[(id, cap)].Ending!.Message, Does.Contain($"lost {cap} times"));
    }

    [Test]
    public async Task When_a_lost_item_is_retried_Should_start_with_a_fresh_lost_count()
    {
        var id = await Items.SubmitAsync();
        for (var attempt = 1; attempt <= Items.Leases.MaxLostAttempts; attempt++)
        {
            await Items.ClaimGrantedAsync(id, attempt, WorkItemHarness.WorkerA);
            Items.Clock.Advance(Items.Leases.LeaseDuration + TimeSpan.FromSeconds(1));
            await Items.ExpireAsync(id, attempt);
        }
        await Items.RetryAsync(id);
        Assert.That((Items.Item(id).CurrentState, Items.Item(id).LostAttempts), Is.EqualTo((WorkItemStates.Queued, 0)));
    }

    [Test]
    public async Task When_a_running_item_is_cancelled_Should_tell_its_holder_and_refuse_its_result()
    {
        var id = await Items.SubmitAsync();
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        var answer = await Items.CancelAsync(id);
        Assert.That((answer.Accepted, answer.State), Is.EqualTo((true, WorkItemStates.Cancelled)));
        Assert.That(await Items.Harness.Published.Any<AttemptCancelled>(m => m.Context.Message.WorkItemId == id), Is.True);
        var late = await Items.CompleteAsync(id, 1, AttemptOutcome.Succeeded);
        Assert.That(late.Is(out Response<CompletionRejected>? _), Is.True);
        Assert.That((await Items.CancelAsync(id)).Accepted, Is.False, "a cancelled item cannot be cancelled again");
    }

    [Test]
    public async Task When_a_failed_item_is_retried_Should_queue_a_new_attempt_with_a_fresh_budget()
    {
        var id = await Items.SubmitAsync(maxAttempts: 1);
        await Items.ClaimGrantedAsync(id, 1, WorkItemHarness.WorkerA);
        Assert.That((await Items.RetryAsync(id)).Accepted, Is.False, "a running item cannot be retried");
        await Items.CompleteAsync(id, 1, AttemptOutcome.Failed);
        Assert.That(Items.Item(id).CurrentState, Is.EqualTo(WorkItemStates.Failed));

        var answer = await Items.RetryAsync(id);
        Assert.That((answer.Accepted, Items.Item(id).Failures), Is.EqualTo((true, 0)));
        Assert.That(await Items.ClaimGrantedAsync(id, 2, WorkItemHarness.WorkerB), Is.EqualTo(2));
    }

    [Test]
    public async Task When_a_message_names_an_unknown_item_Should_answer_without_creating_one()
    {
        var id = Guid.NewGuid();
        var claim = await Items.ClaimAsync(id, 1, WorkItemHarness.WorkerA);
        var renew = await Items.RenewAsync(id, 1);
        var complete = await Items.CompleteAsync(id, 1, AttemptOutcome.Succeeded);
        var cancel = await Items.CancelAsync(id);
        Assert.That(claim.Is(out Response<ClaimRejected>? _) && renew.Is(out Response<LeaseLost>? _) && complete.Is(out Response<CompletionRejected>? _), Is.True);
        Assert.That(cancel.Found, Is.False);
    }
}
