using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Redaction;
using Stamina.Testing;
using Stamina.Worker.Execution;
using Stamina.Worker.Telemetry;
using Stamina.Worker.Tests.Git;

namespace Stamina.Worker.Tests.Facts;

/// <summary>
/// One attempt from worktree to result, with the worker's real parts (git, worktrees, the supervised child process)
/// and a fake lease keeper and result sender: what is pushed and reported on success and failure, and that a lost lease
/// kills the command and reports nothing while a shutdown saves the work and hands the item back.
/// </summary>
[TestFixture]
public sealed class AttemptRunnerFacts
{
    string root = null!;
    SourceRepository origin = null!;
    FakeLeaseKeeper leases = null!;
    FakeCompletionSender completions = null!;
    FakeLifetime lifetime = null!;
    ServiceProvider provider = null!;

    string WorkDir => Path.Combine(root, "work");

    [SetUp]
    public async Task SetUp()
    {
        root = Directory.CreateTempSubdirectory("attempt-runner-facts-").FullName;
        origin = await SourceRepository.CreateAsync(Path.Combine(root, "origin"));
        await origin.CommitAsync("README.md", "hello\n");
        leases = new FakeLeaseKeeper(WorkDir);
        completions = new FakeCompletionSender();
        lifetime = new FakeLifetime();
        var settings = new WorkerSettings { Name = "facts-worker", WorkDir = WorkDir };
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IHostApplicationLifetime>(lifetime)
            .AddSingleton(Options.Create(settings))
            .AddSingleton(new SecretRedactor([]))
            .AddSingleton<WorkerMetrics>()
            .AddMassTransitTestHarness();
        services.AddWorkerCore(settings);
        services.AddSingleton<ILeaseKeeper>(leases);
        services.AddSingleton<ICompletionSender>(completions);
        provider = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        // A finished attempt's worktree goes in the background: deleting the folder under it would race its removal.
        await provider.GetRequiredService<Stamina.Worker.Git.WorktreeManager>().WhenRemovedAsync();
        await provider.DisposeAsync();
        lifetime.Dispose();
        Directory.Delete(root, recursive: true);
    }

    ExecuteWorkItem Item(params string[] command) => new()
    {
        WorkItemId = Guid.NewGuid(),
        Attempt = 1,
        Repo = origin.Path,
        BaseRef = "main",
        Harness = "command",
        Command = command,
        Timeout = TimeSpan.FromMinutes(1),
        Pool = "default",
    };

    static ClaimGranted Grant(ExecuteWorkItem item) => new()
    {
        WorkItemId = item.WorkItemId,
        Attempt = item.Attempt,
        LeaseDuration = TimeSpan.FromMinutes(1),
        LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(1),
    };

    async Task RunAsync(ExecuteWorkItem item)
    {
        await using var scope = provider.CreateAsyncScope();
        var run = scope.ServiceProvider.GetRequiredService<IAttemptRunner>().RunAsync(item, Grant(item));
        Assert.That(await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(1))), Is.SameAs(run), "the attempt did not end within a minute");
        await run;
    }

    [Test]
    public async Task Run_PushesTheBranchAndReportsSucceeded_WhenTheCommandSucceeds()
    {
        var item = Item("sh", "-c", "echo changed > touched.txt");

        await RunAsync(item);

        Assert.That(completions.Sent, Has.Count.EqualTo(1));
        var sent = completions.Sent.Single();
        Assert.That(sent.Outcome, Is.EqualTo(AttemptOutcome.Succeeded), sent.Message);
        Assert.That(sent.Result, Is.Not.Null);
        Assert.That(sent.Result!.FilesChanged, Is.EqualTo(1));
        Assert.That(await origin.GitAsync("show", $"{sent.Result.Branch}:touched.txt"), Is.EqualTo("changed"));
        Assert.That(await origin.GitAsync("rev-parse", sent.Result.Branch), Is.EqualTo(sent.Result.HeadCommit));
    }

    [Test]
    public async Task Run_ReportsFailedWithTheExitCode_WhenTheCommandFails()
    {
        var item = Item("sh", "-c", "exit 3");

        await RunAsync(item);

        var sent = completions.Sent.Single();
        Assert.That(sent.Outcome, Is.EqualTo(AttemptOutcome.Failed));
        Assert.That(sent.ExitCode, Is.EqualTo(3));
    }

    [Test]
    public async Task Run_KillsTheCommandAndReportsNothing_WhenTheLeaseIsLostMidRun()
    {
        leases.Reason = AbortReason.LeaseLost;
        // A duration no other process has, to find the command by its argv (its pid may be another namespace's).
        var sleep = $"300.{Random.Shared.Next(100_000, 999_999)}";
        var item = Item("sh", "-c", $"sleep {sleep} & touch {FakeLeaseKeeper.Marker}; wait");
        var seenRunning = false;
        leases.BeforeAbort = () => Eventually.UntilAsync(() => Task.FromResult(seenRunning = ProcessesRunning("sleep", sleep).Count > 0),
            TimeSpan.FromSeconds(10), "the command's child runs");

        await RunAsync(item);

        Assert.That(seenRunning, Is.True, "the command's child was never seen running: the check below would prove nothing");

        Assert.That(completions.Sent, Is.Empty, "a lost lease reports nothing: the item is someone else's now");
        Assert.That(ProcessesRunning("sleep", sleep), Is.Empty, "the command still runs after its lease was lost");
    }

    static List<int> ProcessesRunning(params string[] argv)
    {
        var wanted = string.Join('\0', argv) + "\0";
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")) == wanted)
                    found.Add(pid);
            }
            catch (IOException)
            {
                // ended as we looked
            }
        }
        return found;
    }

    [Test]
    public async Task Run_SavesTheWorkAndHandsTheItemBack_WhenTheWorkerShutsDown()
    {
        leases.Reason = AbortReason.Shutdown;
        var item = Item("sh", "-c", $"echo half > work.txt; touch {FakeLeaseKeeper.Marker}; exec sleep 300");

        await RunAsync(item);

        var sent = completions.Sent.Single();
        Assert.That(sent.Outcome, Is.EqualTo(AttemptOutcome.Released), "a shutdown is not the item's failure");
        Assert.That(sent.ErrorClass, Is.EqualTo(ErrorClasses.Shutdown));
        var branch = await origin.GitAsync("for-each-ref", "--format=%(refname:short)", "refs/heads/");
        var saved = branch.Split('\n').Single(b => b != "main");
        Assert.That(await origin.GitAsync("show", $"{saved}:work.txt"), Is.EqualTo("half"));
    }
}
