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
}
