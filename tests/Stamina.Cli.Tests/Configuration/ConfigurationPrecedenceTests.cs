using Microsoft.Extensions.Configuration;
using Stamina.ServiceDefaults.Configuration;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Configuration;

/// <summary>appsettings.json &lt; stamina.yml &lt; environment &lt; command line, built the way the services build it.</summary>
public class ConfigurationPrecedenceTests
{
    [Test]
    public void When_a_key_is_set_at_every_level_Should_take_the_command_line_then_the_environment_then_the_file()
    {
        using var directory = new TemporaryDirectory("precedence");
        // A variable no other test or machine sets, so the process environment can be used as is.
        var section = "PrecedenceTest" + Guid.NewGuid().ToString("N");
        var file = directory.Combine("stamina.yml");
        File.WriteAllText(file, $"""
            {section}:
              FromFile: file
              FileAndEnv: file
              All: file
              OverAppSettings: file
            """);
        Environment.SetEnvironmentVariable($"{section}__FileAndEnv", "environment");
        Environment.SetEnvironmentVariable($"{section}__All", "environment");
        try
        {
            // WebApplication.CreateBuilder's order: prefixed variables, appsettings.json, variables, command line.
            var builder = new ConfigurationBuilder()
                .AddEnvironmentVariables("DOTNET_")
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{section}:OverAppSettings"] = "appsettings",
                    [$"{section}:OnlyAppSettings"] = "appsettings",
                })
                .AddEnvironmentVariables()
                .AddCommandLine([$"--{section}:All=command-line"]);

            var configuration = builder.AddStaminaYaml(file).Build();

            Assert.That(configuration[$"{section}:FromFile"], Is.EqualTo("file"));
            Assert.That(configuration[$"{section}:OverAppSettings"], Is.EqualTo("file"));
            Assert.That(configuration[$"{section}:OnlyAppSettings"], Is.EqualTo("appsettings"));
            Assert.That(configuration[$"{section}:FileAndEnv"], Is.EqualTo("environment"));
            Assert.That(configuration[$"{section}:All"], Is.EqualTo("command-line"));
            Assert.That(builder.Sources[2], Is.InstanceOf<StaminaYamlSource>(), "just before the unprefixed variables");
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{section}__FileAndEnv", null);
            Environment.SetEnvironmentVariable($"{section}__All", null);
        }
    }

    [Test]
    public void When_added_to_a_hosts_configuration_manager_Should_apply_at_once_under_the_command_line()
    {
        using var directory = new TemporaryDirectory("precedence");
        var file = directory.Combine("stamina.yml");
        File.WriteAllText(file, "Stamina:\n  Worker:\n    Pool: file\n    Name: file\n");
        // WebApplicationBuilder.Configuration is a ConfigurationManager: sources load as they are added.
        using var manager = new ConfigurationManager();
        manager.AddCommandLine(["--config", file, "--Stamina:Worker:Pool=command-line"]);

        manager.AddStaminaYaml(manager[StaminaConfigFile.SwitchKey]);

        Assert.That(manager["Stamina:Worker:Name"], Is.EqualTo("file"));
        Assert.That(manager["Stamina:Worker:Pool"], Is.EqualTo("command-line"));
    }

    [Test]
    public void When_there_is_no_environment_or_command_line_source_Should_add_the_file_last()
    {
        using var directory = new TemporaryDirectory("precedence");
        var file = directory.Combine("stamina.yml");
        File.WriteAllText(file, "Key: file\n");

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Key"] = "memory" })
            .AddStaminaYaml(file)
            .Build();

        Assert.That(configuration["Key"], Is.EqualTo("file"));
    }

    [Test]
    public void When_the_file_is_bad_Should_fail_the_build_naming_file_line_and_column()
    {
        using var directory = new TemporaryDirectory("precedence");
        var file = directory.Combine("stamina.yml");
        File.WriteAllText(file, "Stamina:\n  Worker: [unclosed\n");

        var exception = Assert.Throws<StaminaConfigException>(() => new ConfigurationBuilder().AddStaminaYaml(file).Build())!;

        Assert.That(exception.Message, Does.Match($"^{System.Text.RegularExpressions.Regex.Escape(file)}:3:1: "));
    }

    [Test]
    public void When_the_named_file_is_missing_Should_throw_before_building() =>
        Assert.Throws<StaminaConfigException>(() => new ConfigurationBuilder().AddStaminaYaml("/nowhere/stamina.yml"));
}
