using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Leases;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>
/// A redelivered claim takes over before the holder's silence is long enough only when the broker shows the holder's
/// process dead, twice, a confirmation window apart; any doubt leaves it to the silence rule.
/// </summary>
[TestFixture]
public sealed class DeadHolderTakeoverSpecs
{
    static readonly WorkerIdentity Holder = WorkItemHarness.WorkerA with { Run = "run-a1" };
    static readonly WorkerIdentity Claimant = WorkItemHarness.WorkerB with { Run = "run-b1" };

    ScriptedHolderProbe broker = null!;
    WorkItemHarness items = null!;

    [SetUp]
    public async Task StartHarness()
    {
        broker = new ScriptedHolderProbe();
        items = await WorkItemHarness.StartAsync(broker);
        items.HearForALease();
    }

    [TearDown]
    public async Task StopHarness() => await items.DisposeAsync();

    TimeSpan Window => items.Leases.DeadHolderConfirmation;

    async Task<Guid> RunningAsync(WorkerIdentity holder)
    {
        var id = await items.SubmitAsync();
        await items.ClaimGrantedAsync(id, 1, holder);
        items.Clock.Advance(TimeSpan.FromSeconds(1));
        return id;
    }

    async Task<ClaimRejected> RejectedAsync(Guid id, WorkerIdentity claimant)
    {
        var response = await items.ClaimAsync(id, 1, claimant, redelivered: true);
        Assert.That(response.Is(out Response<ClaimRejected>? rejected), Is.True, "the claim should be refused");
        return rejected!.Message;
    }

    [Test]
    public async Task When_the_holders_queues_stay_gone_through_the_window_Should_take_over_at_once_as_a_lost_attempt()
    {
        var id = await RunningAsync(Holder);
        broker.Says(HolderPresence.Gone);

        var first = await RejectedAsync(id, Claimant);
        Assert.That(first.RetryAfter, Is.LessThanOrEqualTo(Window + TimeSpan.FromMilliseconds(100)), "asked again after the window, not after the silence");
        items.Clock.Advance(first.RetryAfter!.Value);
        var token = await items.ClaimGrantedAsync(id, 1, Claimant, redelivered: true);

        Assert.That((token, items.Item(id).Holder, items.Item(id).Failures, items.Item(id).LostAttempts), Is.EqualTo((2, "worker-b", 0, 1)),
            "a dead holder is a fault, not the item's failure");
        Assert.That(items.Journal.Attempts[(id, 1)].Ending!.Outcome, Is.EqualTo("lost"));
        Assert.That(broker.Asked.Distinct(), Is.EqualTo(new[] { ("worker-a", "run-a1") }), "the holder's own run is asked about, never the claimant's");
    }

    [Test]
    public async Task When_the_holder_reconnects_within_the_window_Should_keep_its_item_and_start_the_window_again()
    {
        var id = await RunningAsync(Holder);
        broker.Says(HolderPresence.Gone);
        var first = await RejectedAsync(id, Claimant);
        items.Clock.Advance(first.RetryAfter!.Value);

        broker.Says(HolderPresence.Present);
        await RejectedAsync(id, Claimant);
        broker.Says(HolderPresence.Gone);
        items.Clock.Advance(Window);
        var again = await RejectedAsync(id, Claimant);

        Assert.That(again.RetryAfter, Is.GreaterThan(TimeSpan.Zero), "a queue seen again restarts the window");
        Assert.That((items.Item(id).Attempt, items.Item(id).Holder, items.Item(id).LostAttempts), Is.EqualTo((1, "worker-a", 0)));
    }

    [Test]
    public async Task When_the_holders_queues_are_present_Should_refuse_until_the_holder_is_silent_long_enough()
    {
        var id = await RunningAsync(Holder);
        broker.Says(HolderPresence.Present);

        // A forger may name the holder's run as its own: only the run stored with the grant is asked about.
        var rejected = await RejectedAsync(id, Claimant with { Run = Holder.Run });

        Assert.That(rejected.RetryAfter, Is.LessThanOrEqualTo(Window + TimeSpan.FromMilliseconds(100)), "the broker is asked again soon");
        Assert.That((items.Item(id).Attempt, items.Item(id).Holder), Is.EqualTo((1, "worker-a")));
        await items.RenewAsync(id, 1);
        items.Clock.Advance(items.Leases.TakeoverAfter - TimeSpan.FromSeconds(1));
        await RejectedAsync(id, Claimant);
        Assert.That(items.Item(id).Attempt, Is.EqualTo(1), "a live holder that renews keeps its item");
        Assert.That(broker.Asked.Distinct(), Is.EqualTo(new[] { ("worker-a", "run-a1") }));
    }

    [Test]
    public async Task When_the_broker_refuses_the_question_Should_fall_back_to_the_silence_rule()
    {
        var id = await RunningAsync(Holder);
        broker.Answer = _ => throw new InvalidOperationException("ACCESS_REFUSED");

        var rejected = await RejectedAsync(id, Claimant);
        Assert.That(rejected.RetryAfter, Is.GreaterThan(items.Leases.TakeoverAfter - TimeSpan.FromSeconds(2)), "today's wait");
        items.Clock.Advance(rejected.RetryAfter!.Value);
        Assert.That(await items.ClaimGrantedAsync(id, 1, Claimant, redelivered: true), Is.EqualTo(2), "the silence rule still takes over");
    }

    [Test]
    public async Task When_the_broker_does_not_answer_in_time_Should_give_up_the_question_and_fall_back_to_the_silence_rule()
    {
        var id = await RunningAsync(Holder);
        broker.Answer = async stop =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stop);
            return HolderPresence.Gone;
        };

        var claim = RejectedAsync(id, Claimant);
        await broker.Questioned.Task.WaitAsync(TimeSpan.FromSeconds(10));
        items.Clock.Advance(DeadHolderJudge.ProbeTimeout);
        var rejected = await claim.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(rejected.RetryAfter, Is.GreaterThan(items.Leases.TakeoverAfter - TimeSpan.FromSeconds(3)), "today's wait");
        Assert.That(items.Item(id).Attempt, Is.EqualTo(1));
    }

    [Test]
    public async Task When_the_holder_gave_no_run_Should_not_ask_the_broker()
    {
        var id = await RunningAsync(WorkItemHarness.WorkerA);
        broker.Says(HolderPresence.Gone);

        var rejected = await RejectedAsync(id, Claimant);
        items.Clock.Advance(Window * 2);
        await RejectedAsync(id, Claimant);

        Assert.That(broker.Asked, Is.Empty, "an older worker's claim keeps today's rule");
        Assert.That(rejected.RetryAfter, Is.GreaterThan(items.Leases.TakeoverAfter - TimeSpan.FromSeconds(2)));
        Assert.That(items.Item(id).Attempt, Is.EqualTo(1));
    }

    [Test]
    public async Task When_hearing_resumed_less_than_a_lease_ago_Should_not_ask_the_broker()
    {
        var id = await RunningAsync(Holder);
        items.Hearing.Lost("test: the broker restarts, and every worker's queues go with it");
        items.Clock.Advance(TimeSpan.FromSeconds(5));
        items.Hearing.Heard();
        broker.Says(HolderPresence.Gone);

        await RejectedAsync(id, Claimant);
        items.Clock.Advance(Window * 2);
        await RejectedAsync(id, Claimant);

        Assert.That(broker.Asked, Is.Empty, "after an outage every holder gets a full lease and time to reconnect");
        Assert.That(items.Item(id).Attempt, Is.EqualTo(1));
    }

    [Test]
    public async Task When_the_window_is_zero_Should_not_ask_the_broker()
    {
        broker = new ScriptedHolderProbe();
        await using var off = await WorkItemHarness.StartAsync(broker, leases => leases.DeadHolderConfirmation = TimeSpan.Zero);
        off.HearForALease();
        var id = await off.SubmitAsync();
        await off.ClaimGrantedAsync(id, 1, Holder);
        broker.Says(HolderPresence.Gone);

        var response = await off.ClaimAsync(id, 1, Claimant, redelivered: true);

        Assert.That(response.Is(out Response<ClaimRejected>? _), Is.True);
        Assert.That(broker.Asked, Is.Empty);
    }
}
