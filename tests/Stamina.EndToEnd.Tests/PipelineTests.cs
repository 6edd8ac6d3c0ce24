using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Pipelines with a reviewer step, end to end: the fake agent plays the implementer and the reviewer, whose verdict
/// per review round is scripted in its prompt (fake-verdict[round=N]).
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class PipelineTests(FleetMode mode) : FleetTestBase(mode)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task A_reviewer_that_asks_for_one_revision_then_approves_Should_end_approved_on_the_revisions_branch()
    {
        const string feedback = "Please add a test for empty input.";
        var first = await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "claude",
            steps = new object[]
            {
                new { name = "implement", prompt = "Implement the parser.\nfake: succeed turns=1 delay=10ms" },
                new { name = "review", review = true, prompt = $"Review the parser.\nfake: succeed turns=0\nfake-verdict[round=1]: revise {feedback}\nfake-verdict: approve Good now." },
                new { name = "docs", prompt = "Document the parser.\nfake: succeed turns=1 delay=10ms" },
            },
        });
        var pipelineId = first.GetProperty("pipeline").GetProperty("pipelineId").GetGuid();
        Assert.That(first.GetProperty("pipeline").Text("step"), Is.EqualTo("implement"));

        var pipeline = await WaitForPipelineAsync(pipelineId, "Approved");

        var steps = Steps(pipeline);
        Assert.That(steps.Select(s => (s.Text("name"), s.Text("state"), Rounds(s).Count)),
            Is.EqualTo(new[] { ("implement", "Succeeded", 2), ("review", "Succeeded", 2), ("docs", "Succeeded", 1) }));
        Assert.That(Rounds(steps[1]).Select(r => r.Text("verdict")), Is.EqualTo(new[] { "revise", "approve" }));
        Assert.That(Rounds(steps[1])[0].Text("feedback"), Is.EqualTo(feedback));

        var revision = await fleet.ItemAsync(Rounds(steps[0])[1].GetProperty("itemId").GetGuid());
        Assert.That(revision.Text("prompt"), Does.StartWith("Implement the parser.").And.Contain(feedback));
        Assert.That(revision.GetProperty("pipeline").GetProperty("round").GetInt32(), Is.EqualTo(2));
        var firstRound = await fleet.ItemAsync(Rounds(steps[0])[0].GetProperty("itemId").GetGuid());
        Assert.That(revision.Text("baseRef"), Is.EqualTo(firstRound.Result().Text("branch")), "a revision starts from its step's own branch");
        var reviewer = await fleet.ItemAsync(Rounds(steps[1])[0].GetProperty("itemId").GetGuid());
        Assert.That(reviewer.Attempts()[0].Text("verdict"), Is.EqualTo("revise"));

        // The final branch holds both implementation rounds and the docs: three edits of FAKE_AGENT.md.
        var final = pipeline.Text("finalBranch")!;
        Assert.That(final, Is.EqualTo(Rounds(steps[2])[0].Text("branch")));
        fleet.Repository.Git("merge-base", "--is-ancestor", revision.Result().Text("headCommit")!, final);
        Assert.That(fleet.Repository.Show(final, "FAKE_AGENT.md").Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task A_reviewer_that_blocks_Should_end_the_pipeline_blocked_with_its_reason_and_skip_the_rest()
    {
        var first = await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "codex",
            steps = new object[]
            {
                new { name = "implement", prompt = "Implement it.\nfake: succeed turns=1 delay=10ms" },
                new { name = "review", review = true, prompt = "Review it.\nfake: succeed turns=0\nfake-verdict: block The approach cannot work on Windows." },
                new { name = "docs", prompt = "Document it." },
            },
        });
        var pipeline = await WaitForPipelineAsync(first.GetProperty("pipeline").GetProperty("pipelineId").GetGuid(), "Blocked");

        Assert.That(pipeline.Text("reason"), Does.Contain("The approach cannot work on Windows."));
        Assert.That(pipeline.Text("finalBranch"), Is.Null);
        var steps = Steps(pipeline);
        Assert.That(steps.Select(s => s.Text("state")), Is.EqualTo(new[] { "Succeeded", "Succeeded", "Skipped" }));
        Assert.That(Rounds(steps[2]), Is.Empty, "no item is made for a skipped step");
        Assert.That(Rounds(steps[1])[0].Text("verdict"), Is.EqualTo("block"));
    }

    [Test]
    public async Task A_reviewer_that_keeps_asking_Should_block_the_pipeline_when_its_rounds_are_used_up()
    {
        var first = await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "gemini",
            reviewRounds = 2,
            steps = new object[]
            {
                new { name = "implement", prompt = "Implement it.\nfake: succeed turns=1 delay=10ms" },
                new { name = "review", review = true, prompt = "Review it.\nfake: succeed turns=0\nfake-verdict: revise Still not right." },
            },
        });
        var pipeline = await WaitForPipelineAsync(first.GetProperty("pipeline").GetProperty("pipelineId").GetGuid(), "Blocked");

        Assert.That(pipeline.Text("reason"), Does.Contain("review rounds exhausted").And.Contain("Still not right."));
        Assert.That(Steps(pipeline).Select(s => Rounds(s).Count), Is.EqualTo(new[] { 2, 2 }));
    }

    [Test]
    public async Task A_reviewer_without_a_verdict_Should_fail_as_invalid_verdict_and_fail_the_pipeline()
    {
        var first = await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "claude",
            maxAttempts = 1,
            steps = new object[]
            {
                new { name = "implement", prompt = "Implement it.\nfake: succeed turns=1 delay=10ms" },
                new { name = "review", review = true, prompt = "Review it.\nfake: succeed turns=0\nfake-verdict: raw Looks good to me!" },
            },
        });
        var pipeline = await WaitForPipelineAsync(first.GetProperty("pipeline").GetProperty("pipelineId").GetGuid(), "Failed");

        var review = await fleet.ItemAsync(Rounds(Steps(pipeline)[1])[0].GetProperty("itemId").GetGuid());
        Assert.That(review.State(), Is.EqualTo("Failed"));
        Assert.That(review.Attempts()[0].Text("errorClass"), Is.EqualTo("invalid_verdict"));
        Assert.That(review.Attempts()[0].Text("message"), Does.Contain("no ```json block"));
        Assert.That(pipeline.Text("reason"), Does.Contain("review").And.Contain("invalid_verdict"));
    }

    [Test]
    public async Task A_pipeline_in_a_batch_Should_start_after_its_dependency_from_its_branch()
    {
        var response = await fleet.Api.PostAsJsonAsync("/api/batches", new
        {
            name = "night",
            items = new object[]
            {
                new { key = "base", repo = fleet.Repository.Path, harness = "claude", prompt = "Lay the base.\nfake: succeed turns=1 delay=10ms" },
                new
                {
                    key = "feature", repo = fleet.Repository.Path, harness = "claude", after = new[] { "base" }, baseFrom = "base",
                    steps = new object[]
                    {
                        new { name = "implement", prompt = "Build on it.\nfake: succeed turns=1 delay=10ms" },
                        new { name = "review", review = true, prompt = "Review it.\nfake: succeed turns=0\nfake-verdict: approve Fine." },
                    },
                },
            },
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        var created = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.Text("key")!, i => i.GetProperty("id").GetGuid());

        var first = await fleet.ItemAsync(created["feature"]);
        var pipeline = await WaitForPipelineAsync(first.GetProperty("pipeline").GetProperty("pipelineId").GetGuid(), "Approved");

        var baseItem = await fleet.ItemAsync(created["base"]);
        first = await fleet.ItemAsync(created["feature"]);
        Assert.That(first.Text("baseRef"), Is.EqualTo(baseItem.Result().Text("branch")), "the first step starts from its dependency's branch");
        Assert.That(first.GetProperty("batchId").GetGuid(), Is.EqualTo(baseItem.GetProperty("batchId").GetGuid()));
        Assert.That(fleet.Repository.Show(pipeline.Text("finalBranch")!, "FAKE_AGENT.md").Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));

        // Every step is a member of the batch: its summary, cancel, retry-failed and caps see the review too.
        var batch = JsonDocument.Parse(await fleet.Api.GetStringAsync($"/api/batches/{first.GetProperty("batchId").GetGuid()}")).RootElement;
        Assert.That(batch.GetProperty("items").EnumerateArray().Select(i => i.Text("key")), Is.EquivalentTo(new[] { "base", "feature", "feature/review#1" }));
        Assert.That(batch.GetProperty("items").EnumerateArray().Select(i => i.Text("state")), Is.All.EqualTo("Succeeded"));
    }

    [Test]
    public async Task A_bad_pipeline_Should_be_refused_naming_each_problem_and_make_nothing()
    {
        var response = await fleet.Api.PostAsJsonAsync("/api/items", new
        {
            repo = fleet.Repository.Path,
            harness = "claude",
            reviewRounds = 0,
            steps = new object[]
            {
                new { name = "check", review = true, prompt = "Review." },
                new { name = "check", prompt = "" },
                new { name = "bad name!", prompt = "x", maxTurns = 0 },
            },
        });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[]
        {
            "reviewRounds", "steps[0].review", "steps[1].name", "steps[1].prompt", "steps[2].name", "maxTurns",
        }).Or.EquivalentTo(new[] { "reviewRounds", "steps[0].review", "steps[1].name", "steps[1].prompt", "steps[2].name", "steps[2].maxTurns" }));
        var unknown = await fleet.Api.PostAsJsonAsync("/api/items", new { repo = fleet.Repository.Path, steps = new[] { new { name = "a", repo = "/elsewhere" } } });
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("steps[0].repo").Or.Contain("repo"));
        var empty = await fleet.Api.PostAsJsonAsync("/api/items", new { repo = fleet.Repository.Path, steps = Array.Empty<object>() });
        Assert.That(await empty.Content.ReadAsStringAsync(), Does.Contain("1 to 20 steps"));
        var items = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/items")).RootElement.GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.Zero);
        Assert.That((int)(await fleet.Api.GetAsync($"/api/pipelines/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(404));
        Assert.That((int)(await fleet.Api.GetAsync("/api/pipelines/not-an-id")).StatusCode, Is.EqualTo(400));
    }

    async Task<JsonElement> WaitForPipelineAsync(Guid id, string state)
    {
        JsonElement pipeline = default;
        await Eventually.UntilAsync(async () =>
        {
            pipeline = JsonDocument.Parse(await fleet.Api.GetStringAsync($"/api/pipelines/{id}")).RootElement.Clone();
            return pipeline.Text("state") != "Running";
        }, Patience, $"pipeline {id} to end");
        Assert.That(pipeline.Text("state"), Is.EqualTo(state), pipeline.ToString());
        return pipeline;
    }

    static IReadOnlyList<JsonElement> Steps(JsonElement pipeline) => [.. pipeline.GetProperty("steps").EnumerateArray()];

    static IReadOnlyList<JsonElement> Rounds(JsonElement step) => [.. step.GetProperty("rounds").EnumerateArray()];
}
