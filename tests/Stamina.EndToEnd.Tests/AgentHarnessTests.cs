using System.Text;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>Agent harnesses end to end: the fake agent plays Claude, Codex and Gemini behind real workers.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class AgentHarnessTests(FleetMode mode) : FleetTestBase(mode)
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [TestCase("claude")]
    [TestCase("codex")]
    [TestCase("gemini")]
    public async Task An_agent_item_Should_succeed_with_its_progress_transcript_and_edits(string harness)
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness,
            prompt = "Tidy the docs.\nfake: succeed turns=2 delay=50ms",
            skillLevel = "principal",
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var attempt = item.Attempts().Single();
        // Codex runs one turn per exec, whatever the agent does inside it.
        Assert.That(attempt.GetProperty("turns").GetInt32(), Is.GreaterThanOrEqualTo(harness == "codex" ? 1 : 2));
        Assert.That(attempt.GetProperty("toolUses").GetInt32(), Is.GreaterThanOrEqualTo(1));
        Assert.That(attempt.GetProperty("inputTokens").GetInt64(), Is.GreaterThan(0));
        Assert.That(attempt.Text("sessionId"), Is.Not.Null.And.Not.Empty);
        if (harness == "claude")
        {
            Assert.That(attempt.Text("model"), Is.EqualTo("opus"), "principal maps to an Opus model for Claude");
            Assert.That(attempt.GetProperty("costUsd").GetDecimal(), Is.GreaterThan(0));
        }
        var branch = item.Result().GetProperty("branch").GetString()!;
        Assert.That(fleet.Repository.Show(branch, "FAKE_AGENT.md"), Does.Contain("attempt 1"));

        await Eventually.UntilAsync(async () => (await fleet.TranscriptAsync(id, 1)).Complete, TimeSpan.FromSeconds(30), "the transcript to be complete");
        var (transcript, _) = await fleet.TranscriptAsync(id, 1);
        var lines = Encoding.UTF8.GetString(transcript).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(4));
        Assert.That(lines, Has.All.StartsWith("{"));
        var (tail, _) = await fleet.TranscriptAsync(id, 1, offset: transcript.Length - 10);
        Assert.That(tail, Is.EqualTo(transcript[^10..]), "an offset reads the rest of the stream");
    }

    [Test]
    public async Task A_stalled_agent_Should_be_killed_after_the_stall_time_and_retried()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "claude",
            prompt = "fake[1]: stall\nfake: succeed turns=1",
            stallTimeout = "3s",
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));

        var attempts = item.Attempts();
        Assert.That(attempts, Has.Count.EqualTo(2));
        Assert.That((attempts[0].Text("outcome"), attempts[0].Text("errorClass")), Is.EqualTo(("failed", "stall")));
    }

    [Test]
    public async Task An_agent_over_its_budget_Should_end_as_max_budget_without_a_retry()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "claude",
            prompt = "fake: overrun-budget cost=0.5 turns=3 delay=50ms",
            maxBudgetUsd = 0.2,
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Failed", TimeSpan.FromSeconds(60));

        var attempt = item.Attempts().Single();
        Assert.That(attempt.Text("errorClass"), Is.EqualTo("max_budget"));
        Assert.That(attempt.GetProperty("costUsd").GetDecimal(), Is.GreaterThan(0.2m));
    }

    [Test]
    public async Task An_agent_that_is_not_logged_in_Should_pause_its_worker_and_give_the_item_back()
    {
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake[1]: auth-failure" })).Id();

        await Eventually.UntilAsync(async () => (await fleet.WorkersAsync()).Single().Text("state") == "paused",
            TimeSpan.FromSeconds(60), "the worker to pause");
        var worker = (await fleet.WorkersAsync()).Single();
        Assert.That(worker.Text("attention"), Does.Contain("Not logged in"));
        var waiting = await fleet.ItemAsync(id);
        Assert.That(waiting.State(), Is.EqualTo("Queued"));
        Assert.That((waiting.Attempts()[0].Text("outcome"), waiting.Attempts()[0].Text("errorClass")), Is.EqualTo(("released", "auth")));
        Assert.That(waiting.GetProperty("failures").GetInt32(), Is.Zero);

        var resume = await fleet.Api.PostAsync($"/api/workers/{worker.Text("name")}/resume", null);
        Assert.That((int)resume.StatusCode, Is.EqualTo(202));

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.Attempts(), Has.Count.EqualTo(2));
        Assert.That((int)(await fleet.Api.PostAsync("/api/workers/nobody/resume", null)).StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task An_item_with_a_task_file_Should_run_the_text_of_that_file_at_its_base()
    {
        File.WriteAllText(Path.Combine(fleet.Repository.Path, ".task.md"), "Write the changelog.\nfake: succeed turns=1\n");
        fleet.Repository.Git("add", ".task.md");
        fleet.Repository.Git("commit", "-q", "-m", "task");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", taskFile = ".task.md" })).Id();
        var missing = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", taskFile = "no/such.md" })).Id();

        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        var failed = await fleet.WaitForStateAsync(missing, "Failed", TimeSpan.FromSeconds(60));

        Assert.That(failed.Attempts(), Has.Count.EqualTo(1), "a missing task file is not retried");
        Assert.That(failed.Attempts()[0].Text("message"), Does.Contain("no/such.md"));
    }
}
