using Stamina.Contracts;
using Stamina.Worker.Agents;
using Stamina.Worker.Reviews;

namespace Stamina.Worker.Tests.Reviews;

[TestFixture]
public sealed class VerdictReaderTests
{
    const string Fence = "```";

    static string Block(string json) => $"I looked at the diff.\n\n{Fence}json\n{json}\n{Fence}\n";

    [Test]
    public void A_fenced_block_Should_give_its_verdict()
    {
        var reading = VerdictReader.Read(null, Block("""{"verdict": "revise", "feedback": "Add a test.", "reason": ""}"""));

        Assert.That(reading.Problem, Is.Null);
        Assert.That(reading.Verdict, Is.EqualTo(new ReviewVerdict { Verdict = "revise", Feedback = "Add a test.", Reason = "" }));
    }

    [Test]
    public void Structured_output_Should_win_over_the_text()
    {
        var reading = VerdictReader.Read("""{"verdict":"block","reason":"Wrong repository."}""", Block("""{"verdict":"approve"}"""));

        Assert.That(reading.Verdict, Is.EqualTo(new ReviewVerdict { Verdict = "block", Reason = "Wrong repository." }));
    }

    [Test]
    public void Words_in_the_other_field_Should_still_count()
    {
        Assert.That(VerdictReader.Read(null, Block("""{"verdict":"block","feedback":"No access."}""")).Verdict?.Reason, Is.EqualTo("No access."));
        Assert.That(VerdictReader.Read(null, Block("""{"verdict":"revise","reason":"Rename it."}""")).Verdict?.Feedback, Is.EqualTo("Rename it."));
    }

    [TestCase(null, "no final message")]
    [TestCase("   ", "no final message")]
    [TestCase("Looks good to me, approve!", "no ```json block")]
    [TestCase("```\n{\"verdict\":\"approve\"}\n```", "no ```json block")]
    [TestCase("```json\n{\"verdict\":\"approve\"}\n```\nand\n```json\n{\"verdict\":\"block\",\"reason\":\"x\"}\n```", "2 ```json blocks")]
    [TestCase("```json\n{\"verdict\": \"approve\",\n```", "not valid JSON")]
    [TestCase("```json\n[\"approve\"]\n```", "is a JSON array")]
    [TestCase("```json\n{\"feedback\":\"fine\"}\n```", "no \"verdict\"")]
    [TestCase("```json\n{\"verdict\":\"maybe\"}\n```", "unknown verdict 'maybe'")]
    [TestCase("```json\n{\"verdict\":\"APPROVE\"}\n```", "unknown verdict 'APPROVE'")]
    [TestCase("```json\n{\"verdict\":true}\n```", "\"verdict\" must be a string")]
    [TestCase("```json\n{\"verdict\":\"approve\",\"feedback\":{\"a\":1}}\n```", "\"feedback\" must be a string")]
    [TestCase("```json\n{\"verdict\":\"revise\"}\n```", "needs its \"feedback\"")]
    [TestCase("```json\n{\"verdict\":\"block\",\"reason\":\"  \"}\n```", "needs its \"reason\"")]
    public void A_missing_or_broken_verdict_Should_be_a_clear_problem(string? text, string problem)
    {
        var reading = VerdictReader.Read(null, text);

        Assert.That(reading.Verdict, Is.Null);
        Assert.That(reading.Problem, Does.Contain(problem));
    }

    [TestCase("not json")]
    [TestCase("\"approve\"")]
    [TestCase("{\"verdict\":\"later\"}")]
    public void Broken_structured_output_Should_be_a_problem_naming_it(string structured)
    {
        var reading = VerdictReader.Read(structured, Block("""{"verdict":"approve"}"""));

        Assert.That(reading.Verdict, Is.Null);
        Assert.That(reading.Problem, Does.Contain("the structured output"));
    }

    [Test]
    public void Deeply_nested_json_Should_be_refused_not_crash()
    {
        var deep = new string('[', 5000) + new string(']', 5000);

        Assert.That(VerdictReader.Read(null, Block(deep)).Problem, Does.Contain("not valid JSON"));
    }

    [Test]
    public void Huge_feedback_Should_be_cut_and_a_huge_message_read()
    {
        var feedback = new string('x', 100_000);
        var noise = string.Concat(Enumerable.Repeat("Some analysis with `code` and ``` fences that are not json.\n", 20_000));

        var reading = VerdictReader.Read(null, noise + Block($$"""{"verdict":"revise","feedback":"{{feedback}}"}"""));

        Assert.That(reading.Verdict!.Feedback, Has.Length.EqualTo(VerdictReader.MaxTextLength));
        Assert.That(reading.Verdict.Feedback, Does.StartWith("xxx").And.EndWith("(cut)"));
    }

    [Test]
    public void A_reviewer_that_succeeded_without_a_verdict_Should_fail_as_invalid_verdict()
    {
        var succeeded = new CompleteAttempt { Outcome = AttemptOutcome.Succeeded };
        var review = new ReviewRequest { Round = 1, Rounds = 2 };

        var failed = ReviewEnding.Apply(succeeded, review, null, "All good.");
        var approved = ReviewEnding.Apply(succeeded, review, null, Block("""{"verdict":"approve"}"""));
        var notAReviewer = ReviewEnding.Apply(succeeded, null, null, "All good.");
        var alreadyFailed = ReviewEnding.Apply(succeeded with { Outcome = AttemptOutcome.Failed, ErrorClass = "exit" }, review, null, null);

        Assert.That((failed.Outcome, failed.ErrorClass), Is.EqualTo((AttemptOutcome.Failed, ErrorClasses.InvalidVerdict)));
        Assert.That(failed.Message, Does.Contain("no ```json block"));
        Assert.That((approved.Outcome, approved.Verdict?.Verdict), Is.EqualTo((AttemptOutcome.Succeeded, "approve")));
        Assert.That(notAReviewer, Is.EqualTo(succeeded));
        Assert.That(alreadyFailed.ErrorClass, Is.EqualTo("exit"));
    }

    [Test]
    public void Claudes_structured_output_Should_be_read_from_its_result_event()
    {
        IAgentStream stream = new ClaudeStream(TimeProvider.System);

        stream.Observe("""{"type":"result","subtype":"success","is_error":false,"result":"Done.","structured_output":{"verdict":"approve","feedback":""}}""");

        Assert.That(VerdictReader.Read(stream.StructuredOutput, stream.FinalText).Verdict?.Verdict, Is.EqualTo("approve"));
    }

    [Test]
    public void A_reviewer_on_claude_Should_be_given_the_schema_unless_its_cli_is_too_old()
    {
        var request = new AgentRequest { Prompt = "Review.", SessionId = Guid.NewGuid(), JsonSchema = VerdictSchema.Json };
        var settings = HarnessSettings.For("claude");

        var launch = new ClaudeHarness().Build(request, settings);
        settings.StructuredOutput = false;
        var older = new ClaudeHarness().Build(request, settings);

        var at = launch.Command.ToList().IndexOf("--json-schema");
        Assert.That(at, Is.GreaterThan(0));
        Assert.That(launch.Command[at + 1], Is.EqualTo(VerdictSchema.Json));
        Assert.That(older.Command, Does.Not.Contain("--json-schema"));
    }

    [Test]
    public void The_reviewer_prompt_Should_ask_for_one_block_and_name_the_round()
    {
        var prompt = ReviewPrompt.For("Review the change.", new ReviewRequest { Round = 2, Rounds = 3 });

        Assert.That(prompt, Does.StartWith("Review the change.").And.Contain("round 2 of 3").And.Contain("```json"));
        Assert.That(ReviewPrompt.For("Just work.", null), Is.EqualTo("Just work."));
    }
}
