using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Cli.Tests.Configuration;

/// <summary>stamina.example.yml at the repository root parses and documents every section.</summary>
public class ExampleFileTests
{
    static string ExampleFile()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "stamina.example.yml");
            if (File.Exists(path))
                return path;
        }
        throw new AssertionException("stamina.example.yml not found above " + TestContext.CurrentContext.TestDirectory);
    }

    [Test]
    public void When_read_Should_parse_and_set_a_key_in_every_documented_section()
    {
        var path = ExampleFile();
        using var reader = new StreamReader(path);

        var data = YamlConfigurationFlattener.Flatten(reader, path);

        string[] expected =
        [
            "ConnectionStrings:Postgres", "ConnectionStrings:RabbitMq", "Stamina:Url", "Stamina:InsecureNoApiKey",
            "Stamina:AllowedLocalRoots:0", "Stamina:Leases:LeaseIntervals", "Stamina:Dispatch:Buffer", "Stamina:Worker:Pool",
            "Stamina:Harnesses:claude:Executable", "Stamina:Harnesses:claude:Models:principal", "Stamina:Harnesses:claude:PermissionMode",
            "Stamina:Harnesses:claude:AllowedTools:0", "Stamina:Harnesses:claude:SkipPermissions", "Stamina:Harnesses:codex:Sandbox",
            "Stamina:Harnesses:gemini:Models:junior", "Stamina:Accounts:alpha:claude", "Stamina:Accounts:beta:gemini",
        ];
        Assert.That(data.Keys, Is.SupersetOf(expected));
        Assert.That(data.ContainsKey("Stamina:ApiKey"), Is.False, "the example leaves the key to the environment");
    }
}
