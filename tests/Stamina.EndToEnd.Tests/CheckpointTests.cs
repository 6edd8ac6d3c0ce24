using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>Never lose work: checkpoints pushed while the agent runs carry over to the next attempt.</summary>
[TestFixture]
public sealed class CheckpointTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 2, CheckpointInterval = TimeSpan.FromSeconds(1) };

    [Test]
    public async Task When_the_holder_is_killed_after_a_checkpoint_Should_continue_from_that_checkpoint()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "claude",
            prompt = "fake[1]: hang every=300ms\nfake: succeed turns=1",
        })).Id();
        string? checkpoint = null;
        await Eventually.UntilAsync(async () =>
        {
            var attempts = (await fleet.ItemAsync(id)).Attempts();
            checkpoint = attempts.Count > 0 ? attempts[0].Text("checkpointCommit") : null;
            return checkpoint is not null;
        }, TimeSpan.FromSeconds(60), "a checkpoint of attempt 1");
        var holderName = (await fleet.ItemAsync(id)).Text("holder");
        var holder = fleet.Workers.Single(w => w.Name == holderName);

        holder.Signal(Signals.Kill);
        fleet.Retire(holder);

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        var branch = item.Result().GetProperty("branch").GetString()!;
        Assert.That(item.Result().GetProperty("attempt").GetInt32(), Is.EqualTo(2));
        fleet.Repository.Git("merge-base", "--is-ancestor", checkpoint!, branch);
        var notes = fleet.Repository.Show(branch, "FAKE_AGENT.md");
        Assert.That(notes, Does.Contain("attempt 1").And.Contain("attempt 2"), "attempt 2 went on from attempt 1's work");
        Assert.That(item.Result().GetProperty("baseCommit").GetString(), Is.EqualTo(fleet.Repository.Head()),
            "the result is measured against the item's base, not the checkpoint");
    }

    [Test]
    public async Task When_the_same_worker_takes_the_item_back_Should_resume_the_agents_own_session()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "claude",
            prompt = "fake[1]: hang every=300ms\nfake: succeed turns=1",
        })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        var holder = fleet.Workers.Single(w => w.Name == running.Text("holder"));
        var other = fleet.Workers.Single(w => w != holder);
        // Only the holder may take the item back: the other worker leaves.
        other.Signal(Signals.Terminate);
        await other.WaitForExitAsync(TimeSpan.FromSeconds(60));
        fleet.Retire(other);
        string? session = null;
        await Eventually.UntilAsync(async () =>
        {
            session = (await fleet.ItemAsync(id)).Attempts()[0].Text("sessionId");
            return session is not null;
        }, TimeSpan.FromSeconds(30), "attempt 1 to report its session");

        // A drain releases the attempt with its work pushed; the same worker, started again, takes it back.
        holder.Signal(Signals.Terminate);
        await holder.WaitForExitAsync(TimeSpan.FromSeconds(60));
        fleet.Retire(holder);
        await fleet.WaitForStateAsync(id, "Queued", TimeSpan.FromSeconds(30));
        await fleet.StartWorkerAsync(holder.Name);

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        var attempts = item.Attempts();
        Assert.That((attempts[0].Text("outcome"), attempts[1].Text("sessionId")), Is.EqualTo(("released", session)),
            "attempt 2 continued attempt 1's session");
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "FAKE_AGENT.md"), Does.Contain($"resumed {session}"));
    }
}
