using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Stamina.Contracts;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Dispatch.Pauses;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Dispatch;

[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class DispatchPauseTests(string kind)
{
    StoreHarness store = null!;

    [SetUp]
    public async Task Start() => store = await StoreHarness.StartAsync(kind);

    [TearDown]
    public async Task Stop() => await store.DisposeAsync();

    [Test]
    public async Task When_dispatch_is_paused_Should_release_nothing_say_pause_and_release_on_resume()
    {
        var id = await store.SubmitAsync();
        var pauses = store.Get<DispatchPauses>();
        await pauses.PauseAsync(null, "deploy in progress", default);
        var dispatcher = GateHarness.Dispatcher(store);

        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.Zero);
        var waiting = await GateHarness.WaitingAsync(store, id);
        Assert.That((waiting?.Kind, waiting?.Detail), Is.EqualTo((WaitingKinds.Pause, "dispatch is paused: deploy in progress")));

        await pauses.ResumeAsync(null, default);
        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.EqualTo(1));
        Assert.That((await GateHarness.WaitingAsync(store, id))?.Kind, Is.EqualTo(WaitingKinds.Worker));
    }

    [Test]
    public async Task When_one_pool_is_paused_Should_hold_only_that_pool()
    {
        var held = await store.SubmitAsync("night");
        var free = await store.SubmitAsync("day");
        await store.Get<DispatchPauses>().PauseAsync("night", null, default);

        Assert.That(await GateHarness.Dispatcher(store, "night").DispatchOnceAsync(default), Is.EqualTo(1));
        Assert.That(await GateHarness.PublishedAsync(store), Is.EqualTo(new[] { free }));
        Assert.That((await GateHarness.WaitingAsync(store, held))?.Detail, Is.EqualTo("dispatch is paused for pool night"));
        Assert.That((await GateHarness.WaitingAsync(store, free))?.Kind, Is.EqualTo(WaitingKinds.Worker));

        // Resuming another pool changes nothing; resuming everything releases it.
        await store.Get<DispatchPauses>().ResumeAsync("day", default);
        Assert.That((await GateHarness.WaitingAsync(store, held))?.Kind, Is.EqualTo(WaitingKinds.Pause));
        await store.Get<DispatchPauses>().ResumeAsync(null, default);
        Assert.That(await GateHarness.Dispatcher(store, "night").DispatchOnceAsync(default), Is.EqualTo(1));
    }

    [Test]
    public async Task When_a_message_was_queued_before_the_pause_Should_refuse_its_claim_and_publish_it_again_on_resume()
    {
        var id = await store.SubmitAsync();
        var dispatcher = GateHarness.Dispatcher(store);
        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.EqualTo(1));
        await store.Get<DispatchPauses>().PauseAsync(null, null, default);
        store.Get<DispatchHolds>().Invalidate();

        var answer = await GateHarness.ClaimAsync(store, id, GateHarness.Worker());
        Assert.That(answer.Is(out Response<ClaimRejected>? rejected), Is.True);
        Assert.That(rejected!.Message.Reason, Is.EqualTo("dispatch is paused"));
        Assert.That(await GateHarness.PublishedAsync(store), Is.Empty, "its message is gone: published again once resumed");

        await store.Get<DispatchPauses>().ResumeAsync(null, default);
        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.EqualTo(1));
        await store.ClaimAsync(id, 1, GateHarness.Worker());
    }

    [Test]
    public async Task When_a_hold_allows_one_Should_release_one_of_its_items_per_pass()
    {
        await using var probe = await StoreHarness.StartAsync(kind, configure: services =>
            services.AddSingleton<IDispatchHold>(new FixedHold(new DispatchHoldScope(DispatchHoldScope.Scopes.Repo, "/srv/repo",
                new WaitingReason(WaitingKinds.Breaker, "breaker open for /srv/repo"), Allow: 1))));
        var spec = new Stamina.Coordinator.WorkItems.Commands.WorkItemSpec { Repo = "/srv/other", BaseRef = "main", Harness = "command", Command = ["true"], Timeout = TimeSpan.FromMinutes(1) };
        var held = new[] { await probe.SubmitAsync(), await probe.SubmitAsync(), await probe.SubmitAsync() };
        var other = await probe.SubmitAsync(spec: spec);

        Assert.That(await GateHarness.Dispatcher(probe, workers: 10).DispatchOnceAsync(default), Is.EqualTo(2));
        var published = await GateHarness.PublishedAsync(probe);
        Assert.That(published, Does.Contain(other));
        Assert.That(published.Count(held.Contains), Is.EqualTo(1), "one probe of the held repository");
        Assert.That((await GateHarness.WaitingAsync(probe, held.Except(published).First()))?.Kind, Is.EqualTo(WaitingKinds.Breaker));
    }

    sealed class FixedHold(params DispatchHoldScope[] scopes) : IDispatchHold
    {
        public Task<IReadOnlyList<DispatchHoldScope>> ReadAsync(System.Data.Common.DbConnection connection, DateTimeOffset now,
            CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DispatchHoldScope>>(scopes);
    }
}
