using Stamina.Testing;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Tests.Processes;

/// <summary>
/// The leash ties a command's whole group to its worker: without ticks the group is stopped, when the worker's end
/// closes (the worker died) the group is killed, and with ticks the command runs as if there were no leash.
/// </summary>
[TestFixture]
public sealed class ProcessLeashTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    ScratchDirectory scratch = null!;

    [SetUp]
    public void CreateScratch() => scratch = new ScratchDirectory();

    [TearDown]
    public void RemoveScratch() => scratch.Dispose();

    [Test]
    public async Task With_ticks_Should_run_like_any_command_with_stdin_output_and_exit_code()
    {
        using var line = LeashLine.Create(scratch.Combine("leashes"), Timeout);
        await using var child = ChildProcess.Start(Options(["sh", "-c", "cat; sleep 3; echo \"args:$#:$1\"; exit 7", "-", "a b; $(rm -rf /)"], line) with
        {
            StandardInput = "the prompt\n",
        });
        using var ticking = Tick(line);

        var result = await child.WaitAsync();

        Assert.That((result.ExitCode, result.StandardOutputTail), Is.EqualTo((7, "the prompt\nargs:1:a b; $(rm -rf /)\n")));
        Assert.That(line.StoppedForLackOfTicks, Is.False);
    }

    [Test]
    public async Task Should_run_the_command_itself_as_the_group_leader_with_default_signal_dispositions()
    {
        using var line = LeashLine.Create(scratch.Combine("leashes"), Timeout);
        await using var child = ChildProcess.Start(Options(["sh", "-c", "echo $$; grep SigIgn /proc/$$/status"], line));
        using var ticking = Tick(line);

        var lines = (await child.WaitAsync()).StandardOutputTail.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(child.Id), "the shell execs the command");
        // A background job of a shell would start with SIGINT and SIGQUIT ignored; the leash adds nothing to what this
        // process passes on (a test run started in the background of a shell passes them on ignored already).
        var ignored = Convert.ToUInt64(lines[1].Split(':')[1].Trim(), 16);
        var ours = Convert.ToUInt64(File.ReadLines("/proc/self/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)).Split(':')[1].Trim(), 16);
        Assert.That(ignored & 0b110, Is.EqualTo(ours & 0b110), "SIGINT and SIGQUIT as this process has them");
    }

    [Test]
    public async Task Without_ticks_Should_stop_the_whole_group_and_go_on_once_continued()
    {
        var done = scratch.Combine("done");
        using var line = LeashLine.Create(scratch.Combine("leashes"), Timeout);
        await using var child = ChildProcess.Start(Options(["sh", "-c", $"sleep 4; touch '{done}'"], line));

        await Eventually.UntilAsync(() => Task.FromResult(line.StoppedForLackOfTicks && AllStopped(child.Id)), TimeSpan.FromSeconds(15),
            "the watcher to stop the group for lack of ticks");
        Assert.That(File.Exists(done), Is.False);

        using var ticking = Tick(line);
        child.Hold(stop: false);
        var result = await child.WaitAsync();

        Assert.That((result.ExitCode, File.Exists(done)), Is.EqualTo((0, true)));
        Assert.That(line.StoppedForLackOfTicks, Is.False, "the watcher takes its mark away once continued");
    }

    [Test]
    public async Task When_the_workers_end_closes_Should_kill_the_whole_group()
    {
        var pidFile = scratch.Combine("grandchild.pid");
        var line = LeashLine.Create(scratch.Combine("leashes"), TimeSpan.FromMinutes(1));
        await using var child = ChildProcess.Start(Options(["sh", "-c", $"sleep 300 & echo $! > '{pidFile}'; wait"], line));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')),
            TimeSpan.FromSeconds(10), "the grandchild to start");
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        line.Dispose(); // what the kernel does when the worker dies

        var result = await child.WaitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.That(result.ExitCode, Is.EqualTo(137), "killed by the watcher");
        await Eventually.UntilAsync(() => Task.FromResult(!ProcessTable.IsAlive(grandchild)), TimeSpan.FromSeconds(10), "the grandchild to die");
    }

    ChildProcessOptions Options(IReadOnlyList<string> command, LeashLine line) =>
        new() { Command = command, WorkingDirectory = scratch.Path, Leash = line.Leash };

    /// <summary>Ticks every 200 ms until disposed, as the supervisor does while the lease is confirmed.</summary>
    static CancellationTokenSource Tick(LeashLine line)
    {
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                line.Tick();
                await Task.Delay(200, CancellationToken.None);
            }
        });
        return stop;
    }

    static bool AllStopped(int groupId)
    {
        var members = ProcessTable.MembersOf(groupId);
        return members.Count > 0 && members.All(pid => State(pid) == 'T');
    }

    static char State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }
}
