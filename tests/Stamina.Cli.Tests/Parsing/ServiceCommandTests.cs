using System.CommandLine;
using Stamina.Cli.Commands;

namespace Stamina.Cli.Tests.Parsing;

/// <summary><c>stamina coordinator</c> / <c>stamina worker</c>: the words the service's host gets, and what the parser still refuses.</summary>
public class ServiceCommandTests
{
    static ParseResult Parse(params string[] args) =>
        StaminaCommandLine.Build(CliContext.Captured(TextWriter.Null, TextWriter.Null)).Parse(args);

    static string[] ServiceArguments(ParseResult result) => ServiceCommand.ServiceArguments(result, result.CommandResult.Command);

    [TestCase("worker", "--name", "w1", "--Stamina:Worker:HeartbeatInterval=00:00:02", "--pool", "night", "--Stamina:Worker:Account", "work",
        "--work-dir", "/srv/w1", "--urls", "http://0.0.0.0:9464")]
    [TestCase("worker", "--name", "submit", "--account", "list")]
    [TestCase("coordinator", "--urls", "http://0.0.0.0:5080", "--Kestrel:Limits:MaxRequestBodySize=1000", "--config", "/etc/stamina/stamina.yml")]
    [TestCase("coordinator", "--ConnectionStrings:Postgres", "Host=db;Database=stamina", "--json-is-not-ours")]
    [TestCase("coordinator")]
    public void When_a_service_command_is_given_switches_Should_hand_every_word_after_its_name_to_the_service_in_order(string command, params string[] words)
    {
        var result = Parse([command, .. words]);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.CommandResult.Command.Name, Is.EqualTo(command));
        Assert.That(ServiceArguments(result), Is.EqualTo(words));
    }

    [Test]
    public void When_the_config_is_named_before_the_command_Should_still_reach_the_service()
    {
        var result = Parse("--config", "box2.yml", "worker", "--name", "w1");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(ServiceArguments(result), Is.EqualTo(new[] { "--config", "box2.yml", "--name", "w1" }));
    }

    [Test]
    public void When_a_declared_switch_is_joined_with_equals_Should_reach_the_service_as_switch_and_value()
    {
        var result = Parse("worker", "--name=w1", "--Stamina:Worker:Pool=night");

        Assert.That(ServiceArguments(result), Is.EqualTo(new[] { "--name", "w1", "--Stamina:Worker:Pool=night" }));
    }

    [TestCase("worker", "--name")]
    [TestCase("worker", "--pool")]
    [TestCase("coordinator", "--urls")]
    [TestCase("coordinator", "--config")]
    public void When_a_declared_switch_has_no_value_Should_be_a_usage_error(string command, string option)
    {
        var result = Parse(command, option);

        Assert.That(result.Errors, Has.Some.Property("Message").Contains(option));
    }

    [Test]
    public async Task When_asked_for_help_Should_list_the_service_options_not_the_clients()
    {
        var output = new StringWriter();

        var exitCode = await StaminaCommandLine.InvokeAsync(["worker", "--help"], output, TextWriter.Null);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output.ToString(), Does.Contain("--pool").And.Contain("--work-dir").And.Contain("--Section:Key=value").And.Contain("./stamina.yml"));
        Assert.That(output.ToString(), Does.Not.Contain("--api-key").And.Not.Contain("--insecure"));

        var rootHelp = new StringWriter();
        await StaminaCommandLine.InvokeAsync(["list", "--help"], rootHelp, TextWriter.Null);
        Assert.That(rootHelp.ToString(), Does.Contain("--api-key"), "the client commands still list them (hidden only while the services' help is written)");
    }

    [TestCase("worker")]
    [TestCase("coordinator")]
    public async Task When_completing_a_service_command_Should_suggest_its_own_options_once_and_no_client_option(string command)
    {
        var line = $"stamina {command} --";
        var output = new StringWriter();

        var exitCode = await StaminaCommandLine.InvokeAsync([$"[suggest:{line.Length}]", line], output, TextWriter.Null);

        Assert.That(exitCode, Is.Zero);
        var suggestions = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(suggestions, Does.Contain("--urls").And.Contain("--config").And.Contain("--help"));
        Assert.That(suggestions.Count(s => s == "--config"), Is.EqualTo(1), "the service's --config, not the CLI's as well");
        Assert.That(suggestions, Has.None.AnyOf("--api-key", "--url", "--json", "--insecure"));
    }

    [Test]
    public async Task When_completing_a_client_command_Should_still_suggest_the_client_options()
    {
        var output = new StringWriter();

        await StaminaCommandLine.InvokeAsync(["[suggest:15]", "stamina list --"], output, TextWriter.Null);

        Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Does.Contain("--api-key").And.Contain("--state"));
    }
}
