using System.CommandLine;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Parsing;

/// <summary>What the parser makes of each command's arguments, and which mistakes are usage errors (exit 2).</summary>
public class CommandLineParsingTests
{
    static ParseResult Parse(params string[] args) =>
        StaminaCommandLine.Build(CliContext.Captured(TextWriter.Null, TextWriter.Null)).Parse(args);

    [Test]
    public void When_submitting_Should_take_everything_after_the_double_dash_as_the_argv()
    {
        var result = Parse("submit", "--repo", "r", "--", "sh", "-c", "make test --verbose", "--repo", "x");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.GetValue<string[]>("command"), Is.EqualTo(new[] { "sh", "-c", "make test --verbose", "--repo", "x" }));
        Assert.That(result.GetValue<string>("--repo"), Is.EqualTo("r"));
    }

    [Test]
    public void When_submitting_Should_read_repeated_labels_and_all_the_options()
    {
        var result = Parse("submit", "--repo", "r", "--label", "team=infra", "--label", "query=a=b", "--base-ref", "main",
            "--pool", "night", "--priority", "-5", "--timeout", "30m", "--max-attempts", "4", "--prompt", "fix it", "--", "make");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.GetValue<string[]>("--label"), Is.EqualTo(new[] { "team=infra", "query=a=b" }));
        Assert.That(result.GetValue<int?>("--priority"), Is.EqualTo(-5));
        Assert.That(result.GetValue<int?>("--max-attempts"), Is.EqualTo(4));
        Assert.That(result.GetValue<string>("--timeout"), Is.EqualTo("30m"));
    }

    [TestCase("90s")]
    [TestCase("30m")]
    [TestCase("2h")]
    [TestCase("1.5h")]
    [TestCase("00:30:00")]
    public void When_the_timeout_is_a_duration_Should_parse(string timeout) =>
        Assert.That(Parse("submit", "--repo", "r", "--timeout", timeout, "--", "make").Errors, Is.Empty);

    [Test]
    public void When_the_global_options_come_before_or_after_the_command_Should_parse_both()
    {
        var before = Parse("--url", "http://c:1", "--json", "list");
        var after = Parse("list", "--url", "http://c:1", "--json");

        Assert.That(before.Errors, Is.Empty);
        Assert.That(after.Errors, Is.Empty);
        Assert.That(after.GetValue<bool>("--json"), Is.True);
    }

    [TestCase("show", "3f2a1b4c")]
    [TestCase("show", "3f2a1b4c-9d7e-4c1a-8b5f-0e6d2c4a1b9f")]
    [TestCase("cancel", "3F2A")]
    [TestCase("retry", "3f2a1b4c-9d7e")]
    public void When_an_id_is_whole_or_a_prefix_Should_parse(string command, string id) =>
        Assert.That(Parse(command, id).Errors, Is.Empty);

    [TestCase("submit", "--repo", "r", "--label", "novalue", "--", "make")]
    [TestCase("submit", "--repo", "r", "--label", "=v", "--", "make")]
    [TestCase("submit", "--repo", "r", "--label", "k=1", "--label", "k=2", "--", "make")]
    [TestCase("submit", "--repo", "r", "--timeout", "soon", "--", "make")]
    [TestCase("submit", "--repo", "r", "--timeout", "5d", "--", "make")]
    [TestCase("submit", "--repo", "r", "--timeout", "-1m", "--", "make")]
    [TestCase("submit", "--repo", "r", "--priority", "high", "--", "make")]
    [TestCase("submit", "--repo", "r", "--prompt", "a", "--prompt-file", "f", "--", "make")]
    [TestCase("submit", "--repo", "r")]
    [TestCase("submit", "--", "make")]
    [TestCase("submit", "--repo", "r", "--bogus", "--", "make")]
    [TestCase("list", "--limit", "many")]
    [TestCase("list", "--url", "ftp://somewhere")]
    [TestCase("show")]
    [TestCase("show", "abc")]
    [TestCase("show", "not-an-id")]
    [TestCase("cancel", "3f2a1b4c", "extra")]
    [TestCase("submit", "--repo", "r", "--harness", "claude")]
    [TestCase("submit", "--repo", "r", "--max-turns", "x", "--harness", "claude", "--prompt", "p")]
    [TestCase("submit", "-f", "tasks.yml", "--repo", "r")]
    [TestCase("submit", "-f", "tasks.yml", "--", "make")]
    [TestCase("logs")]
    [TestCase("logs", "3f2a1b4c", "--attempt", "0")]
    [TestCase("logs", "3f2a1b4c", "--pretty", "--raw")]
    [TestCase("watch", "--interval", "soon")]
    [TestCase("workers", "resume")]
    [TestCase("workers", "resume", "a", "b")]
    [TestCase("lsit")]
    [TestCase()]
    public async Task When_the_command_line_is_wrong_Should_exit_2_with_a_message_on_stderr(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(result.Stderr, Does.Contain("--help"));
    }

    [Test]
    public async Task When_a_label_is_not_key_value_Should_say_which()
    {
        var result = await CliRunner.RunAsync("submit", "--repo", "r", "--label", "novalue", "--", "make");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Stderr, Does.Contain("--label 'novalue' is not key=value"));
    }

    [Test]
    public async Task When_the_timeout_is_not_a_duration_Should_say_which_forms_work()
    {
        var result = await CliRunner.RunAsync("submit", "--repo", "r", "--timeout", "soon", "--", "make");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Stderr, Does.Contain("--timeout 'soon' is not a duration"));
    }

    [Test]
    public async Task When_words_come_before_the_double_dash_Should_refuse_to_guess_the_command()
    {
        var result = await CliRunner.RunAsync("submit", "--repo", "r", "--prompt", "fix", "the", "bug", "--", "make");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain("unexpected 'the'"));
    }
}
