using System.Text.Json;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Api;

namespace Stamina.Coordinator.Tests.Api;

/// <summary>The agent fields of a submission: every bad value is named; good ones reach the spec.</summary>
[TestFixture]
public sealed class SubmitItemValidatorTests
{
    const string Repo = "https://example.org/team/app.git";
    readonly SubmitItemValidator validator = new(Options.Create(new ApiSettings()));

    [Test]
    public void An_agent_item_Should_carry_its_options_into_the_spec()
    {
        var submission = validator.Validate(new SubmitItemRequest
        {
            Repo = Repo,
            Harness = "claude",
            Prompt = "Fix the flaky test",
            SkillLevel = "principal",
            MaxTurns = 40,
            MaxBudgetUsd = 2.5m,
            StallTimeout = Json("\"90s\""),
            AppendSystemPrompt = "Be brief.",
        });

        Assert.That(submission.Errors, Is.Empty);
        var agent = submission.Command!.Spec.Agent;
        Assert.That((agent.SkillLevel, agent.MaxTurns, agent.MaxBudgetUsd, agent.StallTimeout, agent.AppendSystemPrompt),
            Is.EqualTo(("principal", (int?)40, (decimal?)2.5m, (TimeSpan?)TimeSpan.FromSeconds(90), "Be brief.")));
    }

    [Test]
    public void A_task_file_Should_stand_in_for_the_prompt()
    {
        var submission = validator.Validate(new SubmitItemRequest { Repo = Repo, Harness = "codex", TaskFile = ".task.md" });
        Assert.That(submission.Errors, Is.Empty);
        Assert.That(submission.Command!.Spec.Agent.TaskFile, Is.EqualTo(".task.md"));
    }

    static IEnumerable<TestCaseData> BadAgentRequests()
    {
        yield return Case(new() { Harness = "claude" }, "prompt", "an agent without a prompt or task file");
        yield return Case(new() { Harness = "claude", Prompt = "x", Command = ["true"] }, "command", "an agent with a command");
        yield return Case(new() { Harness = "claude", Prompt = "x", SkillLevel = "wizard" }, "skillLevel", "an unknown skill level");
        yield return Case(new() { Harness = "claude", Prompt = "x", Model = "opus 4" }, "model", "a model name with a space");
        yield return Case(new() { Harness = "gemini", Prompt = "x", Model = "--yolo" }, "model", "a model name that is a flag");
        yield return Case(new() { Harness = "claude", Prompt = "x", MaxTurns = 0 }, "maxTurns", "zero turns");
        yield return Case(new() { Harness = "claude", Prompt = "x", MaxBudgetUsd = -1 }, "maxBudgetUsd", "a negative budget");
        yield return Case(new() { Harness = "claude", Prompt = "x", StallTimeout = Json("\"later\"") }, "stallTimeout", "an unreadable stall time");
        yield return Case(new() { Harness = "claude", Prompt = "x", StallTimeout = Json("0") }, "stallTimeout", "a zero stall time");
        yield return Case(new() { Harness = "claude", TaskFile = "../secrets" }, "taskFile", "a task file outside the repository");
        yield return Case(new() { Harness = "claude", TaskFile = "/etc/passwd" }, "taskFile", "an absolute task file");
        yield return Case(new() { Harness = "claude", TaskFile = ".task.md", Prompt = "x" }, "taskFile", "a prompt and a task file");
        yield return Case(new() { Harness = "claude", Prompt = "x", AppendSystemPrompt = "a\0b" }, "appendSystemPrompt", "a system prompt with NUL");
        yield return Case(new() { Command = ["true"], SkillLevel = "senior" }, "harness", "a skill level for the command harness");
    }

    [TestCaseSource(nameof(BadAgentRequests))]
    public void A_bad_agent_field_Should_be_named(SubmitItemRequest request, string field)
    {
        var submission = validator.Validate(request with { Repo = Repo });
        Assert.That(submission.Command, Is.Null);
        Assert.That(submission.Errors.Keys, Does.Contain(field), string.Join("; ", submission.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
    }

    [TestCase("ext::sh -c 'id'", null, null, "repo")]
    [TestCase(Repo, "a..b", null, "baseRef")]
    [TestCase(Repo, null, "../secrets", "taskFile")]
    public void A_bad_field_Should_be_named_once(string repo, string? baseRef, string? taskFile, string field)
    {
        var submission = validator.Validate(new SubmitItemRequest
        {
            Repo = repo,
            BaseRef = baseRef,
            TaskFile = taskFile,
            Harness = taskFile is null ? null : "claude",
            Command = taskFile is null ? ["true"] : null,
        });

        var message = submission.Errors[field].Single();
        Assert.That(message, Does.Not.StartWith(field + ":"), "the error is keyed by its field; the text does not repeat it");
    }

    static TestCaseData Case(SubmitItemRequest request, string field, string name) => new TestCaseData(request, field).SetName(name);

    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
