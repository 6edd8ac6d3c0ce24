using Stamina.ServiceDefaults.Configuration;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Configuration;

public class StaminaConfigFileTests
{
    TemporaryDirectory directory = null!;
    string work = null!;
    string home = null!;

    [SetUp]
    public void CreateDirectories()
    {
        directory = new TemporaryDirectory("config-file");
        work = Directory.CreateDirectory(directory.Combine("work")).FullName;
        home = Directory.CreateDirectory(directory.Combine("home")).FullName;
    }

    [TearDown]
    public void DeleteDirectories() => directory.Dispose();

    StaminaConfigFile? Locate(string? explicitPath, string? variable = null) =>
        StaminaConfigFile.Locate(explicitPath, name => name == StaminaConfigFile.Variable ? variable : null, work, home);

    string Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "A: 1\n");
        return path;
    }

    [Test]
    public void When_nothing_is_named_Should_prefer_the_working_directory_then_the_home_directory()
    {
        Assert.That(Locate(null), Is.Null, "no file anywhere is fine");

        var inHome = Write(Path.Combine(home, ".stamina", "stamina.yml"));
        Assert.That(Locate(null), Is.EqualTo(new StaminaConfigFile(inHome, false)));

        var inWork = Write(Path.Combine(work, "stamina.yml"));
        Assert.That(Locate(null), Is.EqualTo(new StaminaConfigFile(inWork, false)));
    }

    [Test]
    public void When_a_file_is_named_Should_take_the_switch_over_the_variable_over_the_default_places()
    {
        Write(Path.Combine(work, "stamina.yml"));
        var fromVariable = Write(Path.Combine(home, "env.yml"));
        var fromSwitch = Write(Path.Combine(work, "conf", "switch.yml"));

        Assert.That(Locate(null, fromVariable), Is.EqualTo(new StaminaConfigFile(fromVariable, true)));
        Assert.That(Locate("conf/switch.yml", fromVariable), Is.EqualTo(new StaminaConfigFile(fromSwitch, true)), "relative to the working dir");
        Assert.That(Locate("~/env.yml"), Is.EqualTo(new StaminaConfigFile(fromVariable, true)), "~ is the home directory");
    }

    [Test]
    public void When_a_named_file_is_missing_Should_throw_naming_it()
    {
        Write(Path.Combine(work, "stamina.yml"));

        var fromSwitch = Assert.Throws<StaminaConfigException>(() => Locate("missing.yml"))!;
        var fromVariable = Assert.Throws<StaminaConfigException>(() => Locate(null, "/nowhere/stamina.yml"))!;

        Assert.That(fromSwitch.Message, Is.EqualTo($"{Path.Combine(work, "missing.yml")}: configuration file not found"));
        Assert.That(fromVariable.Message, Does.StartWith("/nowhere/stamina.yml: configuration file not found"));
    }

    [Test]
    public void When_the_cli_looks_Should_take_the_users_own_files_and_never_the_working_directorys()
    {
        StaminaConfigFile? ForUser(string? explicitPath, Dictionary<string, string>? variables = null) =>
            StaminaConfigFile.LocateForUser(explicitPath, name => variables?.GetValueOrDefault(name), work, home);
        var inWork = Write(Path.Combine(work, "stamina.yml"));
        Assert.That(ForUser(null), Is.Null, "./stamina.yml alone is not read");

        var legacy = Write(Path.Combine(home, ".stamina", "stamina.yml"));
        Assert.That(ForUser(null), Is.EqualTo(new StaminaConfigFile(legacy, false)));

        var xdgDefault = Write(Path.Combine(home, ".config", "stamina", "stamina.yml"));
        Assert.That(ForUser(null), Is.EqualTo(new StaminaConfigFile(xdgDefault, false)), "~/.config/stamina first");

        var xdg = Write(Path.Combine(directory.Combine("xdg"), "stamina", "stamina.yml"));
        Assert.That(ForUser(null, new() { ["XDG_CONFIG_HOME"] = directory.Combine("xdg") }), Is.EqualTo(new StaminaConfigFile(xdg, false)));
        Assert.That(ForUser(null, new() { ["XDG_CONFIG_HOME"] = "relative" }), Is.EqualTo(new StaminaConfigFile(xdgDefault, false)),
            "a relative XDG_CONFIG_HOME is ignored, as the XDG rules say");

        Assert.That(ForUser("stamina.yml"), Is.EqualTo(new StaminaConfigFile(inWork, true)), "named, the working directory's file is read");
    }
}
