using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Leadership;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Tests.Leases;

/// <summary>
/// The reaper judges leases on time the coordinator could hear: never before a full lease period after it started,
/// after its broker or database came back, or after its own clock jumped (suspended, asleep).
/// </summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class LeaseReaperTests(string kind)
{
    static readonly WorkerIdentity Worker = new() { Name = "w1", Machine = "m1", Pool = "default" };
    static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    StoreHarness store = null!;
    LeaseReaper reaper = null!;
    TimeSpan lease;

    [SetUp]
    public async Task Start()
    {
        store = await StoreHarness.StartAsync(kind);
        lease = store.Get<IOptions<LeaseSettings>>().Value.LeaseDuration;
        var leader = new CoordinatorLeadership(store.Get<System.Diagnostics.Metrics.IMeterFactory>(), store.Clock);
        leader.Begin();
        reaper = new LeaseReaper(store.Database, store.Get<IBusControl>(), store.Get<LeaseHearing>(), leader, Options.Create(new DispatchSettings()),
            store.Get<IOptions<LeaseSettings>>(), store.Clock, NullLogger<LeaseReaper>.Instance);
    }

    [TearDown]
    public async Task Stop() => await store.DisposeAsync();

    [Test]
    public async Task A_lease_Should_be_found_only_after_its_deadline()
    {
        var id = await store.SubmitAsync();
        await store.ClaimAsync(id, 1, Worker);
        var claimedAt = store.Clock.GetUtcNow();

        var foundAt = await StepUntilFoundAsync(limit: lease * 2);

        Assert.That(foundAt - claimedAt, Is.GreaterThan(lease).And.LessThanOrEqualTo(lease + Step));
    }

    [Test]
    public async Task After_the_coordinator_did_not_run_for_minutes_Should_give_every_lease_a_full_period_from_then()
    {
        var id = await store.SubmitAsync();
        await store.ClaimAsync(id, 1, Worker);
        Assert.That(await reaper.ReapOnceAsync(default), Is.Zero);

        store.Clock.Advance(TimeSpan.FromMinutes(4)); // a laptop asleep, a suspended process: nothing heard meanwhile
        var wokeAt = store.Clock.GetUtcNow();
        var foundAt = await StepUntilFoundAsync(limit: lease * 2 + store.Get<IOptions<LeaseSettings>>().Value.ReconnectAllowance);

        Assert.That(foundAt - wokeAt, Is.GreaterThanOrEqualTo(lease), "the lease ran out while asleep, yet gets a full period after waking");
    }

    [Test]
    public async Task While_hearing_is_lost_Should_judge_nothing_and_then_wait_a_full_period()
    {
        var id = await store.SubmitAsync();
        await store.ClaimAsync(id, 1, Worker);
        var hearing = store.Get<LeaseHearing>();
        hearing.Lost("test: the broker went away");
        store.Clock.Advance(lease * 2);
        hearing.Lost("test: still away");

        Assert.That(hearing.CanJudge, Is.False);
        Assert.That(hearing.SilenceCountsFrom(store.Clock.GetUtcNow() - lease), Is.EqualTo(store.Clock.GetUtcNow()),
            "while deaf, nobody has been silent");
        hearing.Heard();
        var back = store.Clock.GetUtcNow();
        Assert.That(hearing.SilenceCountsFrom(back - lease), Is.EqualTo(back), "silence from before the outage counts from its end");

        var allowance = store.Get<IOptions<LeaseSettings>>().Value.ReconnectAllowance;
        var foundAt = await StepUntilFoundAsync(limit: lease * 2 + allowance);
        Assert.That(foundAt - back, Is.GreaterThanOrEqualTo(lease + allowance), "the workers get time to reconnect too");
    }

    /// <summary>Runs the reaper every <see cref="Step"/> of fake time until it hands over a lease; the time it did.</summary>
    async Task<DateTimeOffset> StepUntilFoundAsync(TimeSpan limit)
    {
        var until = store.Clock.GetUtcNow() + limit;
        while (store.Clock.GetUtcNow() < until)
        {
            if (await reaper.ReapOnceAsync(default) > 0)
                return store.Clock.GetUtcNow();
            store.Clock.Advance(Step);
        }
        Assert.Fail($"no lease was found within {limit}");
        return default;
    }
}
