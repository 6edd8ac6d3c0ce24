using Stamina.FakeAgent.Cli;

namespace Stamina.FakeAgent.Tests.Units;

public class InvocationParserTests
{
    [Test]
    public void When_claude_is_called_as_the_worker_does_Should_read_its_flags()
    {
        var invocation = InvocationParser.Parse(
        [
            "-p", "--output-format", "stream-json", "--verbose", "--session-id", "s-1", "--model", "opus", "--max-turns", "7",
            "--max-budget-usd", "2.5", "--allowedTools", "Read,Edit", "--dangerously-skip-permissions", "--unknown-flag",
        ]);

        Assert.That(invocation, Is.EqualTo(new Invocation
        {
            Dialect = Dialect.Claude,
            SessionId = "s-1",
            Model = "opus",
            MaxTurns = 7,
            MaxBudgetUsd = 2.5m,
            PermissionMode = "bypassPermissions",
        }));
    }

    [Test]
    public void When_claude_gets_print_and_stream_json_without_verbose_Should_still_be_claude()
    {
        var invocation = InvocationParser.Parse(["--output-format=stream-json", "--resume", "old", "-p"]);

        Assert.That(invocation.Dialect, Is.EqualTo(Dialect.Claude));
        Assert.That(invocation.ResumeId, Is.EqualTo("old"));
    }

    [Test]
    public void When_gemini_gets_a_prompt_after_p_Should_be_gemini_even_with_output_format_stream_json()
    {
        var invocation = InvocationParser.Parse(["-p", "do it", "--output-format", "stream-json", "-m", "flash", "--yolo"]);

        Assert.That(invocation, Is.EqualTo(new Invocation
        {
            Dialect = Dialect.Gemini,
            Model = "flash",
            PermissionMode = "yolo",
            PromptArgument = "do it",
        }));
    }

    [Test]
    public void When_codex_resumes_Should_take_the_id_after_resume_and_skip_flag_values()
    {
        var invocation = InvocationParser.Parse(["exec", "resume", "t-9", "--json", "-m", "gpt", "-C", "/w", "-c", "a=b", "-"]);

        Assert.That(invocation, Is.EqualTo(new Invocation
        {
            Dialect = Dialect.Codex,
            ResumeId = "t-9",
            Model = "gpt",
            WorkingDirectory = "/w",
        }));
    }

    [Test]
    public void When_codex_gets_a_positional_prompt_Should_keep_it()
    {
        var invocation = InvocationParser.Parse(["exec", "--json", "-s", "read-only", "fix it"]);

        Assert.That(invocation.PromptArgument, Is.EqualTo("fix it"));
        Assert.That(invocation.ResumeId, Is.Null);
        Assert.That(invocation.PermissionMode, Is.EqualTo("read-only"));
    }

    [TestCase("exec", "resume", "--json")]
    [TestCase("-p", "--output-format", "stream-json", "--verbose", "--max-turns", "many")]
    [TestCase("-p", "--output-format", "stream-json", "--verbose", "--max-budget-usd", "$5")]
    public void When_argv_is_wrong_Should_refuse_it(params string[] argv)
    {
        Assert.Throws<UsageException>(() => InvocationParser.Parse(argv));
    }

    [TestCase("--help")]
    [TestCase("-h")]
    public void When_help_is_asked_Should_show_it_in_any_dialect(string flag)
    {
        Assert.Multiple(() =>
        {
            Assert.That(InvocationParser.Parse(["exec", flag]).ShowHelp, Is.True);
            Assert.That(InvocationParser.Parse(["-p", "--verbose", flag]).ShowHelp, Is.True);
            Assert.That(InvocationParser.Parse([flag]).ShowHelp, Is.True);
            Assert.That(InvocationParser.Parse(["-p", "x"]).ShowHelp, Is.False);
        });
    }
}
