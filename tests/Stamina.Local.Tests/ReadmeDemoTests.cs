using System.Diagnostics;
using System.Text.RegularExpressions;
using Stamina.Testing;

namespace Stamina.Local.Tests;

/// <summary>The README's first command, exactly as written there, on a clean temporary directory.</summary>
[TestFixture]
public sealed partial class ReadmeDemoTests
{
    [Test]
    public async Task The_first_command_of_the_README_Should_end_with_every_demo_item_succeeded()
    {
        var command = FirstCommandOfReadme();
        Assert.That(command, Is.EqualTo("dotnet run --project src/Cli -- demo"), "the README starts with the demo");
        using var temporary = new TemporaryDirectory("readme-demo");
        var start = new ProcessStartInfo(command.Split(' ')[0])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Split(' ').Skip(1))
            start.ArgumentList.Add(argument);
        // A clean temporary directory for the demo's repository and database; no claude on PATH, so the fake agent runs.
        start.Environment["TMPDIR"] = temporary.Path;
        start.Environment["PATH"] = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(p => !File.Exists(Path.Combine(p, "claude"))));

        using var demo = Process.Start(start)!;
        var output = demo.StandardOutput.ReadToEndAsync();
        var errors = demo.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await demo.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Not left behind building and running the demo after the test has given up on it.
            demo.Kill(entireProcessTree: true);
            throw;
        }
        var text = await output + await errors;

        Assert.That(demo.ExitCode, Is.Zero, text);
        Assert.That(text, Does.Contain("running the fake agent"));
        var summary = Summary().Match(text);
        Assert.That(summary.Success, Is.True, text);
        Assert.That(summary.Groups[1].Value, Is.EqualTo(summary.Groups[2].Value), "every demo item succeeded");
        Assert.That(Directory.EnumerateDirectories(temporary.Path, "stamina-demo-*").Count(), Is.EqualTo(1), "the demo lives in the temporary directory");
    }

    static string FirstCommandOfReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        return FirstShellBlock().Match(readme).Groups[1].Value.Trim();
    }

    [GeneratedRegex("```sh\\n([^\\n]+)\\n")]
    private static partial Regex FirstShellBlock();

    [GeneratedRegex(@"(\d+) of (\d+) tasks succeeded")]
    private static partial Regex Summary();
}
