using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests;

/// <summary>What reaches stdout when it is not a terminal, and the help text.</summary>
public class OutputTests
{
    [Test]
    public async Task When_output_is_redirected_Should_write_no_ansi_escape_codes()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", "/api/items", 200, SampleJson.ItemList)
            .On("GET", $"/api/items/{SampleJson.SucceededId}", 200, SampleJson.SucceededItem)
            .On("GET", "/api/workers", 200, SampleJson.Workers);
        // A colourful terminal type must not matter: only a terminal on stdout gets escape codes.
        var environment = new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["COLORTERM"] = "truecolor" };

        foreach (var command in new[] { new[] { "list" }, ["show", SampleJson.SucceededId], ["workers"] })
        {
            var result = await CliRunner.RunAsync(environment, CliRunner.Against(coordinator, command));

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
            Assert.That(result.Stdout, Does.Not.Contain("\u001b"), $"stamina {command[0]} wrote an escape code:\n{result.Stdout}");
            Assert.That(result.Stdout.Split(Environment.NewLine).Where(l => l.EndsWith(' ')), Is.Empty, "no trailing spaces");
        }
    }

    [Test]
    public async Task When_NO_COLOR_is_set_on_a_colour_terminal_Should_write_no_colour()
    {
        // Spectre also consults the test process's own TERM, so this only bites where that is a colour terminal;
        // the redirected case above holds everywhere.
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/items", 200, SampleJson.ItemList);
        var environment = new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["NO_COLOR"] = "1" };
        using var stdout = new StringWriter();
        var context = new CliContext { Out = stdout, Error = TextWriter.Null, OutputIsTerminal = true, Environment = environment };

        var exitCode = await StaminaCommandLine.InvokeAsync(CliRunner.Against(coordinator, "list"), context);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Ok));
        Assert.That(stdout.ToString(), Does.Contain("Running"));
        Assert.That(stdout.ToString(), Does.Not.Match(@"\u001b\[(3[0-7]|9[0-7]|38;)"), "no foreground colour codes");
    }

    [Test]
    public async Task When_invoked_with_plain_writers_Should_capture_stdout_and_stderr_separately()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await StaminaCommandLine.InvokeAsync(
            ["workers", "--url", coordinator.Url.AbsoluteUri, "--api-key", "k"], stdout, stderr);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Ok), stderr.ToString());
        Assert.That(stdout.ToString(), Does.Contain("worker-alpha"));
        Assert.That(stderr.ToString(), Is.Empty);
    }

    [Test]
    public async Task When_asked_for_help_Should_describe_the_commands_examples_and_exit_codes()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok));
        Assert.That(result.Stdout, Does.Contain("submit").And.Contain("workers").And.Contain("--api-key").And.Contain("STAMINA_URL"));
        Assert.That(result.Stdout, Does.Contain("Examples:").And.Contain("Exit codes:").And.Contain("4  unauthorised"));
    }

    [TestCase("submit")]
    [TestCase("list")]
    [TestCase("show")]
    [TestCase("cancel")]
    [TestCase("retry")]
    [TestCase("workers")]
    [TestCase("logs")]
    [TestCase("watch")]
    [TestCase("stats")]
    [TestCase("report")]
    [TestCase("workers resume")]
    public async Task When_asked_for_a_commands_help_Should_show_its_examples(string command)
    {
        var result = await CliRunner.RunAsync([.. command.Split(' '), "--help"]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain("Examples:").And.Contain($"stamina {command}").And.Contain("Exit codes:"));
    }

    [Test]
    public async Task When_help_is_asked_beside_a_mistake_Should_show_the_help()
    {
        var result = await CliRunner.RunAsync("submit", "--help", "--timeout", "soon");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain("--prompt-file"));
    }
}
