using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.Pipelines;

namespace Stamina.Coordinator.Tests.Api;

/// <summary>A task with steps: each step merged onto the task and checked, the pipeline's own rules, and the verdict check.</summary>
[TestFixture]
public sealed class PipelineValidatorTests
{
    const string Repo = "https://example.org/team/app.git";
    readonly PipelineValidator validator = new(new SubmitItemValidator(Options.Create(new ApiSettings())));

    [Test]
    public void Steps_Should_take_the_tasks_fields_under_their_own()
    {
        var (plan, errors) = validator.Validate(new SubmitItemRequest
        {
            Repo = Repo,
            Harness = "claude",
            Model = "sonnet",
            MaxTurns = 30,
            Labels = new() { ["team"] = "infra" },
            Steps =
            [
                new PipelineStepRequest { Name = "implement", Prompt = "Implement it." },
                new PipelineStepRequest { Name = "review", Review = true, Prompt = "Review it.", Model = "opus", MaxAttempts = 1 },
            ],
        });

        Assert.That(errors, Is.Empty);
        Assert.That(plan!.ReviewRounds, Is.EqualTo(PipelinePlan.DefaultReviewRounds));
        Assert.That(plan.Steps.Select(s => (s.Name, s.Review, s.Item.Spec.Prompt, s.Item.Spec.Agent.Model, s.Item.MaxAttempts)), Is.EqualTo(new[]
        {
            ("implement", false, "Implement it.", "sonnet", 3),
            ("review", true, "Review it.", "opus", 1),
        }));
        Assert.That(plan.Steps.Select(s => s.Item.Spec.Agent.MaxTurns), Is.All.EqualTo(30));
        Assert.That(plan.Steps.Select(s => s.Item.Spec.Labels["team"]), Is.All.EqualTo("infra"));
    }

    [Test]
    public void A_bad_pipeline_Should_name_every_problem_where_it_is()
    {
        var (plan, errors) = validator.Validate(new SubmitItemRequest
        {
            Repo = "ext::sh -c boom",
            Harness = "claude",
            ReviewRounds = 11,
            After = ["a"],
            Steps =
            [
                new PipelineStepRequest { Name = "check", Review = true, Prompt = "Review." },
                new PipelineStepRequest { Name = "check", Review = true, Prompt = "Again." },
                new PipelineStepRequest { Name = "", MaxTurns = 0 },
            ],
        });

        Assert.That(plan, Is.Null);
        Assert.That(errors.Keys, Is.EquivalentTo(new[]
        {
            "repo", "reviewRounds", "after", "steps[0].review", "steps[1].name", "steps[1].review", "steps[2].name", "steps[2].maxTurns", "steps[2].prompt",
        }));
        Assert.That(errors["steps[0].review"][0], Does.Contain("nothing to review"));
        Assert.That(errors["steps[1].review"][0], Does.Contain("must follow a step that is not a reviewer"));
        Assert.That(errors["steps[1].name"][0], Does.Contain("'check' names two steps"));
    }

    [Test]
    public void No_steps_or_too_many_Should_be_refused()
    {
        Assert.That(validator.Validate(new SubmitItemRequest { Repo = Repo, Steps = [] }).Errors.Keys, Is.EquivalentTo(new[] { "steps" }));
        var many = Enumerable.Range(0, PipelineValidator.MaxSteps + 1).Select(i => new PipelineStepRequest { Name = $"s{i}", Command = ["true"] }).ToArray();
        Assert.That(validator.Validate(new SubmitItemRequest { Repo = Repo, Steps = many }).Errors.Keys, Is.EquivalentTo(new[] { "steps" }));
    }

    [Test]
    public void The_fingerprint_Should_change_with_any_step()
    {
        SubmitItemRequest Request(string prompt) => new()
        {
            Repo = Repo,
            Harness = "claude",
            Steps = [new PipelineStepRequest { Name = "a", Prompt = prompt }, new PipelineStepRequest { Name = "r", Review = true, Prompt = "Review." }],
        };

        var one = PipelineValidator.Fingerprint(validator.Validate(Request("x")).Plan!);
        var same = PipelineValidator.Fingerprint(validator.Validate(Request("x")).Plan!);
        var other = PipelineValidator.Fingerprint(validator.Validate(Request("y")).Plan!);

        Assert.That(same, Is.EqualTo(one));
        Assert.That(other, Is.Not.EqualTo(one));
    }

    [TestCase(null, "without a verdict")]
    [TestCase("maybe", "unknown verdict 'maybe'")]
    [TestCase("revise", "without feedback")]
    [TestCase("block", "without a reason")]
    public void A_reported_verdict_Should_be_checked_again(string? verdict, string problem)
    {
        var (checkedVerdict, found) = VerdictCheck.Of(verdict is null ? null : new ReviewVerdict { Verdict = verdict });

        Assert.That(checkedVerdict, Is.Null);
        Assert.That(found, Does.Contain(problem));
    }

    [Test]
    public void A_long_verdict_Should_be_cut()
    {
        var (verdict, problem) = VerdictCheck.Of(new ReviewVerdict { Verdict = "revise", Feedback = new string('f', 50_000) });

        Assert.That(problem, Is.Null);
        Assert.That(verdict!.Feedback, Has.Length.EqualTo(VerdictCheck.MaxTextLength));
    }
}
