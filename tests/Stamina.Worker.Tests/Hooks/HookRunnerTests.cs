using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Stamina.ServiceDefaults.Redaction;
using Stamina.Testing;
using Stamina.Worker.Execution;
using Stamina.Worker.Hooks;
using Stamina.Worker.Tests.Processes;

namespace Stamina.Worker.Tests.Hooks;

/// <summary>Real child processes: exit codes, a hook that hangs, a hook that writes a lot, the item on stdin.</summary>
[TestFixture]
public sealed class HookRunnerTests
{
    ScratchDirectory scratch = null!;
    HookRunner runner = null!;

    static readonly HookInput Input = new()
    {
        Hook = "preTask",
        Worker = "w1",
        Pool = "night",
        Id = Guid.Parse("0e3f1c2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b"),
        Attempt = 2,
        Repo = "/srv/repo",
        Prompt = "fix the tests",
        Labels = new Dictionary<string, string> { ["team"] = "core" },
        Worktree = "/tmp/wt",
        Branch = "stamina/item-1",
    };

    [SetUp]
    public void SetUp()
    {
        scratch = new ScratchDirectory();
        runner = new HookRunner(new CommandLedger(scratch.Combine("work"), NullLogger<CommandLedger>.Instance), SecretRedactor.Default,
            NullLogger<HookRunner>.Instance);
    }

    [TearDown]
    public void TearDown() => scratch.Dispose();

    Task<HookRun> RunAsync(string script, TimeSpan? timeout = null) =>
        runner.RunAsync("pre-task", new HookCommand { Command = ["sh", "-c", script], Timeout = timeout ?? TimeSpan.FromSeconds(20) },
            scratch.Path, Input, Input.Id!.Value, CancellationToken.None);

    [Test]
    public async Task Exit_zero_Should_pass_and_any_other_exit_Should_fail_naming_the_code()
    {
        var passed = await RunAsync("echo ok");
        Assert.That((passed.Passed, passed.Output), Is.EqualTo((true, "ok")));

        var failed = await RunAsync("echo 'tests failed: 3' >&2; exit 3");
        Assert.That(failed.Passed, Is.False);
        Assert.That(failed.Summary, Is.EqualTo("pre-task hook exited 3"));
        Assert.That(failed.Report, Is.EqualTo("pre-task hook exited 3:\ntests failed: 3"));
    }

    [Test]
    public async Task The_item_Should_arrive_as_json_on_stdin_in_the_given_directory()
    {
        var run = await RunAsync("cat > input.json; pwd; echo $STAMINA_HOOK");
        Assert.That(run.Passed, Is.True);
        Assert.That(run.Output, Is.EqualTo($"{scratch.Path}\npreTask"));
        using var json = JsonDocument.Parse(File.ReadAllText(scratch.Combine("input.json")));
        var root = json.RootElement;
        Assert.That(root.GetProperty("id").GetGuid(), Is.EqualTo(Input.Id));
        Assert.That(root.GetProperty("attempt").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("repo").GetString(), Is.EqualTo("/srv/repo"));
        Assert.That(root.GetProperty("pool").GetString(), Is.EqualTo("night"));
        Assert.That(root.GetProperty("prompt").GetString(), Is.EqualTo("fix the tests"));
        Assert.That(root.GetProperty("labels").GetProperty("team").GetString(), Is.EqualTo("core"));
        Assert.That(root.GetProperty("worktree").GetString(), Is.EqualTo("/tmp/wt"));
        Assert.That(root.GetProperty("branch").GetString(), Is.EqualTo("stamina/item-1"));
        Assert.That(root.TryGetProperty("outcome", out _), Is.False, "a pre-task hook has no outcome yet");
    }

    [Test]
    public async Task A_hook_that_hangs_Should_be_killed_at_its_timeout_with_its_children_and_reported()
    {
        var pids = scratch.Combine("pids");
        var started = DateTime.UtcNow;
        var run = await RunAsync($"sleep 300 & echo $! > '{pids}'; echo $$ >> '{pids}'; echo waiting; wait", TimeSpan.FromSeconds(1));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(15)));
        Assert.That(run.Passed, Is.False);
        Assert.That(run.Summary, Is.EqualTo("pre-task hook timed out after 00:00:01 and was killed"));
        Assert.That(run.Output, Is.EqualTo("waiting"));
        foreach (var pid in File.ReadAllLines(pids).Select(int.Parse))
            await Eventually.UntilAsync(() => Task.FromResult(!ProcessTable.IsAlive(pid)), TimeSpan.FromSeconds(10), $"process {pid} to be gone");
        Assert.That(Directory.Exists(scratch.Combine("work", "running")) ? Directory.GetFiles(scratch.Combine("work", "running")) : [], Is.Empty,
            "the ledger forgets the hook's group");
    }

    [Test]
    public async Task A_hook_that_writes_a_lot_Should_keep_only_the_end_of_its_output()
    {
        var run = await RunAsync("yes 0123456789 2>/dev/null | head -c 5000000; echo; echo the-end");
        Assert.That(run.Passed, Is.True);
        Assert.That(run.Output.Length, Is.LessThanOrEqualTo(HookRunner.OutputBytes));
        Assert.That(run.Output, Does.EndWith("the-end"));
    }

    [Test]
    public async Task Secrets_in_the_output_Should_be_redacted()
    {
        var run = await RunAsync("echo token ghp_0123456789abcdefghijABCDEFGHIJ0123456789; exit 1");
        Assert.That(run.Output, Does.Not.Contain("ghp_0123456789abcdefghijABCDEFGHIJ0123456789"));
    }

    [Test]
    public async Task A_missing_program_Should_fail_saying_it_could_not_start()
    {
        var run = await runner.RunAsync("post-task", new HookCommand { Command = ["/nonexistent/hook"], Timeout = TimeSpan.FromSeconds(5) },
            scratch.Path, Input, Input.Id!.Value, CancellationToken.None);
        Assert.That((run.Passed, run.Summary), Is.EqualTo((false, run.Summary)));
        Assert.That(run.Summary, Does.StartWith("post-task hook could not start"));
    }
}
