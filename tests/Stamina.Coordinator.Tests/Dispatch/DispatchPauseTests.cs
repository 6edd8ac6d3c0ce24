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
public sealed class DispatchPauseTests(string kind) : StoreFixture(kind)
{
    [Test]
    public async Task When_dispatch_is_paused_Should_release_nothing_say_pause_and_release_on_resume()
    {
        var id = await Store.SubmitAsync();
        var pauses = Store.Get<DispatchPauses>();
        await pauses.PauseAsync(null, "deploy in progress", default);
        var dispatcher = GateHarness.Dispatcher(Store);

        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.Zero);
        var waiting = await GateHarness.WaitingAsync(Store, id);
        Assert.That((waiting?.Kind, waiting?.Detail), Is.EqualTo((WaitingKinds.Pause, "dispatch is paused: deploy in progress")));

        await pauses.ResumeAsync(null, default);
        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.EqualTo(1));
        Assert.That((await GateHarness.WaitingAsync(Store, id))?.Kind, Is.EqualTo(WaitingKinds.Worker));
    }

    [Test]
    public async Task When_one_pool_is_paused_Should_hold_only_that_pool()
    {
        var held = await Store.SubmitAsync("night");
        var free = await Store.SubmitAsync("day");
        await Store.Get<DispatchPauses>().PauseAsync("night", null, default);

        Assert.That(await GateHarness.Dispatcher(Store, "night").DispatchOnceAsync(default), Is.EqualTo(1));
        Assert.That(await GateHarness.PublishedAsync(Store), Is.EqualTo(new[] { free }));
        Assert.That((await GateHarness.WaitingAsync(Store, held))?.Detail, Is.EqualTo("dispatch is paused for pool night"));
        Assert.That((await GateHarness.WaitingAsync(Store, free))?.Kind, Is.EqualTo(WaitingKinds.Worker));

        // Resuming another pool changes nothing; resuming everything releases it.
        await Store.Get<DispatchPauses>().ResumeAsync("day", default);
        Assert.That((await GateHarness.WaitingAsync(Store, held))?.Kind, Is.EqualTo(WaitingKinds.Pause));
        await Store.Get<DispatchPauses>().ResumeAsync(null, default);
        Assert.That(await GateHarness.Dispatcher(Store, "night").DispatchOnceAsync(default), Is.EqualTo(1));
    }

    [Test]
    public async Task When_a_message_was_queued_before_the_pause_Should_refuse_its_claim_and_publish_it_again_on_resume()
    {
        var id = await Store.SubmitAsync();
        var dispatcher = GateHarness.Dispatcher(Store);
        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.EqualTo(1));
        await Store.Get<DispatchPauses>().PauseAsync(null, null, default);
        Store.Get<DispatchHolds>().Invalidate();

        var answer = await GateHarness.ClaimAsync(Store, id, GateHarness.Worker());
        Assert.That(answer.Is(out Response<ClaimRejected>? rejected), Is.True);
        Assert.That(rejected!.Message.Reason, Is.EqualTo("dispatch is paused"));
        Assert.That(await GateHarness.PublishedAsync(Store), Is.Empty, "its message is gone: published again once resumed");

        await Store.Get<DispatchPauses>().ResumeAsync(null, default);
        Assert.That(await dispatcher.DispatchOnceAsync(default), Is.EqualTo(1));
        await Store.ClaimAsync(id, 1, GateHarness.Worker());
    }

    [Test]
    public async Task When_a_hold_allows_one_Should_release_one_of_its_items_per_pass()
    {
        await using var probe = await StoreHarness.StartAsync(Kind, configure: services =>
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
