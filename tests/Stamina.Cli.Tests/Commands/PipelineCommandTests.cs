using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Commands;

/// <summary>Pipelines in the CLI: <c>pipeline show</c>, a step item's <c>show</c>, and <c>steps:</c> in a task file.</summary>
public class PipelineCommandTests
{
    const string PipelineId = "7d1e0c55-3b9a-4f0e-9a51-2c7f3e8b9d10";
    const string ImplementId = "11111111-2222-4333-8444-555555555555";

    static readonly string BlockedPipeline = $$"""
        { "id": "{{PipelineId}}", "state": "Blocked", "reviewRounds": 2, "finalBranch": null,
          "reason": "step 'review' blocked: The approach cannot work.", "createdAt": "2025-11-25T21:00:00Z", "updatedAt": "2025-11-25T21:05:00Z",
          "steps": [
            { "position": 0, "name": "implement", "review": false, "state": "Succeeded",
              "rounds": [ { "itemId": "{{ImplementId}}", "round": 1, "state": "Succeeded", "branch": "stamina/1111/1" } ] },
            { "position": 1, "name": "review", "review": true, "state": "Succeeded",
              "rounds": [ { "itemId": "99999999-2222-4333-8444-555555555555", "round": 1, "state": "Succeeded", "branch": "stamina/9999/1",
                            "verdict": "block", "feedback": "", "reason": "The approach cannot work." } ] },
            { "position": 2, "name": "docs", "review": false, "state": "Skipped", "rounds": [] } ] }
        """;

    static readonly string StepItem = $$"""
        { "id": "{{ImplementId}}", "repo": "/srv/git/web.git", "state": "Succeeded", "attempt": 1, "failures": 0, "pool": "default",
          "createdAt": "2025-11-25T21:00:00Z", "updatedAt": "2025-11-25T21:05:00Z",
          "pipeline": { "pipelineId": "{{PipelineId}}", "step": "review", "round": 2, "review": true },
          "attempts": [ { "number": 1, "worker": "w1", "outcome": "succeeded", "verdict": "revise", "verdictFeedback": "Add a test." } ] }
        """;

    LoopbackCoordinator coordinator = null!;
    TemporaryDirectory directory = null!;

    [SetUp]
    public void Start()
    {
        coordinator = LoopbackCoordinator.Start()
            .On("GET", $"/api/pipelines/{PipelineId}", 200, BlockedPipeline)
            .On("GET", $"/api/items/{ImplementId}", 200, StepItem)
            .On("POST", "/api/batches", 201, SampleJson.Batch);
        directory = new TemporaryDirectory("cli-pipeline");
    }

    [TearDown]
    public async Task Stop()
    {
        await coordinator.DisposeAsync();
        directory.Dispose();
    }

    [Test]
    public async Task Pipeline_show_Should_print_the_state_reason_steps_and_verdicts()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "pipeline", "show", PipelineId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain("Blocked").And.Contain("The approach cannot work."));
        Assert.That(result.Stdout, Does.Contain("implement").And.Contain("stamina/1111/1").And.Contain("block (The approach cannot work.)"));
        Assert.That(result.Stdout, Does.Contain("docs").And.Contain("Skipped"));
    }

    [Test]
    public async Task Pipeline_show_of_a_bad_id_Should_be_a_usage_error_and_send_nothing()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "pipeline", "show", "not-a-uuid"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(coordinator.Requests, Is.Empty);
    }

    [Test]
    public async Task Show_of_a_step_item_Should_name_its_pipeline_and_its_verdict()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "show", ImplementId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain($"{PipelineId}, step review (reviewer), round 2"));
        Assert.That(result.Stdout, Does.Contain("verdict: revise: Add a test."));
    }

    [Test]
    public async Task A_task_file_with_steps_Should_send_them_with_the_review_rounds()
    {
        var file = directory.Combine("tasks.yml");
        await File.WriteAllTextAsync(file, """
            - repo: /srv/git/api.git
              harness: claude
              reviewRounds: 3
              steps:
                - name: implement
                  prompt: Implement the parser.
                  maxTurns: 40
                - name: review
                  review: true
                  prompt: Review the parser.
                  skillLevel: principal
            """);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        var body = JsonDocument.Parse(coordinator.SingleRequest.Body).RootElement.GetProperty("items")[0];
        Assert.That(body.GetProperty("reviewRounds").GetInt32(), Is.EqualTo(3));
        var steps = body.GetProperty("steps").EnumerateArray().ToList();
        Assert.That(steps.Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "implement", "review" }));
        Assert.That(steps[0].GetProperty("maxTurns").GetInt32(), Is.EqualTo(40));
        Assert.That(steps[1].GetProperty("review").GetBoolean(), Is.True);
        Assert.That(steps[1].GetProperty("skillLevel").GetString(), Is.EqualTo("principal"));
        Assert.That(body.TryGetProperty("prompt", out _), Is.False, "the task itself needs no prompt");
    }

    [TestCase("  steps: nope\n", "expected a list of steps")]
    [TestCase("  steps: []\n", "the list of steps is empty")]
    [TestCase("  steps:\n    - prompt: x\n", "steps[0] (line 4): a step needs a name")]
    [TestCase("  steps:\n    - name: a\n      repo: /elsewhere\n", "unknown key \"repo\"; a step may have: name, review")]
    [TestCase("  steps:\n    - name: a\n      review: maybe\n", "review: expected true or false")]
    [TestCase("  steps:\n    - name: a\n      maxTurns: lots\n", "maxTurns: expected a whole number")]
    public async Task A_bad_step_Should_be_refused_with_its_place_and_send_nothing(string steps, string expected)
    {
        var file = directory.Combine("tasks.yml");
        await File.WriteAllTextAsync(file, "- repo: /srv/git/api.git\n  harness: claude\n" + steps);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest), result.ToString());
        Assert.That(result.Stderr, Does.Contain(expected));
        Assert.That(coordinator.Requests, Is.Empty);
    }
}
