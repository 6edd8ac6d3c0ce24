using Stamina.Cli.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Configuration;

/// <summary>A working directory for one <c>config check</c> run: its stamina.yml, fake agent CLIs and account directories.</summary>
sealed class ConfigCheckFixture : IDisposable
{
    readonly TemporaryDirectory directory = new("config-check");

    public ConfigCheckFixture()
    {
        Directory.CreateDirectory(Path.Combine(directory.Path, "home"));
        Directory.CreateDirectory(BinDirectory);
    }

    public string Root => directory.Path;

    public string BinDirectory => directory.Combine("bin");

    /// <summary>The user's own file (the CLI never reads one from the working directory).</summary>
    public string ConfigFile => directory.Combine("home", ".config", "stamina", "stamina.yml");

    /// <summary>A stamina.yml in the working directory, as an untrusted checkout could hold.</summary>
    public string WorkingDirectoryConfigFile => directory.Combine("stamina.yml");

    /// <summary>The real services' connection strings, as <c>source ~/.config/stamina/services.env</c> exports them.</summary>
    public static Dictionary<string, string> ServicesEnvironment() => new()
    {
        ["ConnectionStrings__Postgres"] = TestEnvironment.PostgresConnectionString,
        ["ConnectionStrings__RabbitMq"] = TestEnvironment.RabbitMqUri.AbsoluteUri,
    };

    public void WriteConfig(string yaml)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, yaml);
    }

    /// <summary>A shell script standing in for an agent CLI; <paramref name="body"/> runs for <c>--version</c>.</summary>
    public string WriteExecutable(string name, string body)
    {
        var path = System.IO.Path.Combine(BinDirectory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliRunner.RunInAsync(directory.Path, environment, ["config", "check", .. args]);

    public void Dispose() => directory.Dispose();
}
