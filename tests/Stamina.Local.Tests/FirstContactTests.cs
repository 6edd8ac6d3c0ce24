using System.Diagnostics;
using System.Globalization;
using Stamina.Testing;

namespace Stamina.Local.Tests;

/// <summary>
/// A new user's first minutes, with nothing configured: <c>stamina local</c> on a port of its choice, the CLI
/// finding it and its key, <c>--repo</c> given relative to the current directory under the user's home.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FirstContactTests
{
    TemporaryDirectory directory = null!;
    ServiceProcess? local;

    string Home => directory.Combine("home");

    [SetUp]
    public void Start() => directory = new TemporaryDirectory("first-contact");

    [TearDown]
    public async Task Stop()
    {
        if (local is not null)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Passed)
                await TestContext.Out.WriteLineAsync(string.Join('\n', local.Output));
            await local.DisposeAsync();
        }
        directory.Dispose();
    }

    [Test]
    public async Task When_nothing_is_configured_Should_accept_a_relative_repo_under_home_on_any_port_and_refuse_one_outside_naming_repo_once()
    {
        var repo = Directory.CreateDirectory(Path.Combine(Home, "src", "app")).FullName;
        var git = new GitRepository(repo);
        git.Git("init", "--quiet", "--initial-branch=main");
        git.Git("-c", "user.name=T", "-c", "user.email=t@localhost", "commit", "--quiet", "--allow-empty", "-m", "initial");
        var outside = Directory.CreateDirectory(directory.Combine("elsewhere", "app")).FullName;
        var port = FreePorts.Next();
        local = LocalProgram.Start("stamina local", ["--workers", "1", "--port", port.ToString(CultureInfo.InvariantCulture)], Environment());

        await Eventually.UntilAsync(() => Task.FromResult(local.HasExited || local.Output.Any(l => l.Contains("Ctrl+C", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(60), "stamina local's banner");
        Assert.That(local.Output, Has.Some.Contain($"local paths under {Home}"), "the banner names the allowed roots");

        var submitted = await RunCliAsync(repo, "submit", "--quiet", "--repo", ".", "--", "sh", "-c", "echo hi > hi.txt");
        Assert.That(submitted.ExitCode, Is.Zero, submitted.Error);
        var id = submitted.Output.Trim();
        await Eventually.UntilAsync(async () => (await RunCliAsync(Home, "show", id)).Output.Contains("Succeeded", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the item to succeed");
        Assert.That(git.Branches("stamina/*"), Is.Not.Empty);

        var refused = await RunCliAsync(directory.Path, "submit", "--repo", outside, "--", "true");
        Assert.That(refused.ExitCode, Is.EqualTo(5), refused.Error);
        Assert.That(refused.Error, Does.Contain("repo: the local path").And.Not.Contain("repo: repo:"));
    }

    Dictionary<string, string> Environment() => new()
    {
        ["HOME"] = Home,
        ["Stamina__Worker__HeartbeatInterval"] = "00:00:01",
        ["Stamina__Leases__HeartbeatInterval"] = "00:00:01",
    };

    async Task<(int ExitCode, string Output, string Error)> RunCliAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(LocalProgram.Cli);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in Environment())
            start.Environment[key] = value;
        start.Environment.Remove("STAMINA_URL");
        start.Environment.Remove("STAMINA_API_KEY");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
