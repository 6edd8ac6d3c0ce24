using System.Diagnostics;

namespace Stamina.Cli.Demo;

/// <summary>A small sample repository for the demo's night shift: a few files with something to tidy.</summary>
static class DemoRepository
{
    public static string Create(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "README.md"), "# calc\n\nA tiny calculator, in need of a night shift.\n");
        Directory.CreateDirectory(Path.Combine(directory, "src"));
        File.WriteAllText(Path.Combine(directory, "src", "calc.py"), """
            def add(a, b):
                return a + b

            def divide(a, b):
                # TODO: handle division by zero
                return a / b
            """.Replace("            ", "", StringComparison.Ordinal) + "\n");
        File.WriteAllText(Path.Combine(directory, "CHANGELOG.md"), "# Changelog\n");
        Git(directory, "init", "--quiet", "--initial-branch=main");
        Git(directory, "add", "--all");
        Git(directory, "-c", "user.name=Stamina demo", "-c", "user.email=demo@localhost", "commit", "--quiet", "-m", "A calculator");
        return directory;
    }

    public static IReadOnlyList<string> Log(string repository, string branch) =>
        Git(repository, "log", "--oneline", "main.." + branch).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var git = Process.Start(start) ?? throw new CliException(ExitCodes.Unexpected, "could not start git");
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
            throw new CliException(ExitCodes.Unexpected, $"git {string.Join(' ', arguments)} failed: {error.Trim()}");
        return output;
    }
}
