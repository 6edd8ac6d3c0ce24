using Stamina.Testing;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Tests.Processes;

[TestFixture]
public sealed class ChildProcessKillTests
{
    static readonly string Here = Path.GetTempPath();

    [Test]
    public async Task Should_kill_every_process_of_the_tree()
    {
        await using var child = Start("sleep 300 & sleep 300 & wait");
        await Eventually.UntilAsync(() => ProcessTable.MembersOf(child.Id).Count == 3, TimeSpan.FromSeconds(15), "sh and both sleeps run");
        var members = ProcessTable.MembersOf(child.Id);

        child.Kill();
        var result = await child.WaitAsync();

        await Eventually.UntilAsync(() => members.All(pid => !ProcessTable.IsAlive(pid)), TimeSpan.FromSeconds(15), "every process of the group is gone");
        Assert.Multiple(() =>
        {
            Assert.That(result.KilledByUs, Is.True);
            Assert.That(result.ExitCode, Is.EqualTo(137));
        });
    }

    [Test]
    public async Task Should_kill_a_grandchild_that_daemonized()
    {
        await using var child = Start("(sleep 300 &) ; sleep 300");
        // The subshell exits at once, so its sleep is re-parented outside our tree but stays in our group.
        await Eventually.UntilAsync(() => ProcessTable.MembersOf(child.Id).Count == 3, TimeSpan.FromSeconds(15), "sh, the orphan and the foreground sleep run");
        var members = ProcessTable.MembersOf(child.Id);

        child.Kill();
        await child.WaitAsync();

        await Eventually.UntilAsync(() => members.All(pid => !ProcessTable.IsAlive(pid)), TimeSpan.FromSeconds(15), "the orphaned grandchild is gone too");
    }

    [Test]
    public async Task Should_kill_the_tree_and_throw_when_cancelled()
    {
        await using var child = Start("sleep 300 & wait");
        await Eventually.UntilAsync(() => ProcessTable.MembersOf(child.Id).Count == 2, TimeSpan.FromSeconds(15), "sh and sleep run");
        var members = ProcessTable.MembersOf(child.Id);
        using var cancellation = new CancellationTokenSource();

        var waiting = child.WaitAsync(cancellation.Token);
        await cancellation.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        await Eventually.UntilAsync(() => members.All(pid => !ProcessTable.IsAlive(pid)), TimeSpan.FromSeconds(15), "the cancelled tree is gone");
    }

    [Test]
    public async Task Should_let_a_terminated_command_exit_gracefully()
    {
        await using var child = Start("trap 'exit 3' TERM; sleep 300 & wait");
        await Eventually.UntilAsync(() => ProcessTable.MembersOf(child.Id).Count == 2, TimeSpan.FromSeconds(15), "sh and sleep run");

        await child.TerminateAsync(TimeSpan.FromSeconds(30));
        var result = await child.WaitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.KilledByUs, Is.True);
            Assert.That(ProcessTable.MembersOf(child.Id), Is.Empty);
        });
    }

    [Test]
    public async Task Should_kill_a_command_that_ignores_terminate()
    {
        await using var child = Start("trap '' TERM; sleep 300");
        await Eventually.UntilAsync(() => ProcessTable.MembersOf(child.Id).Count == 2, TimeSpan.FromSeconds(15), "sh and sleep run");

        await child.TerminateAsync(TimeSpan.FromMilliseconds(200));
        var result = await child.WaitAsync();

        Assert.That(result.ExitCode, Is.EqualTo(137));
        await Eventually.UntilAsync(() => ProcessTable.MembersOf(child.Id).Count == 0, TimeSpan.FromSeconds(15), "the group is gone");
    }

    [Test]
    public async Task Should_kill_what_a_command_leaves_behind_when_it_exits()
    {
        using var scratch = new ScratchDirectory();

        // The background sleep keeps stdout open: without the sweep, reading output would never end.
        var result = await ChildProcessRunner.RunAsync(
            ["sh", "-c", "sleep 300 & echo $! > leftover; echo started"], scratch.Path, timeout: TimeSpan.FromSeconds(60));

        var leftover = int.Parse(File.ReadAllText(scratch.Combine("leftover")));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.KilledByUs, Is.False);
            Assert.That(result.TimedOut, Is.False);
            Assert.That(result.StandardOutputTail, Is.EqualTo("started\n"));
        });
        await Eventually.UntilAsync(() => !ProcessTable.IsAlive(leftover), TimeSpan.FromSeconds(15), "the background sleep is gone");
    }

    [Test]
    public async Task Should_kill_the_tree_on_timeout_and_say_so()
    {
        using var scratch = new ScratchDirectory();
        var started = DateTime.UtcNow;

        var result = await ChildProcessRunner.RunAsync(
            ["sh", "-c", "echo $$ > group; sleep 300 & sleep 300"], scratch.Path, timeout: TimeSpan.FromMilliseconds(500));

        Assert.Multiple(() =>
        {
            Assert.That(result.TimedOut, Is.True);
            Assert.That(result.KilledByUs, Is.True);
            Assert.That(result.ExitCode, Is.EqualTo(137));
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(60)));
        });
        var group = int.Parse(File.ReadAllText(scratch.Combine("group")));
        await Eventually.UntilAsync(() => ProcessTable.MembersOf(group).Count == 0, TimeSpan.FromSeconds(15), "the timed-out group is gone");
    }

    static ChildProcess Start(string script) =>
        ChildProcess.Start(new ChildProcessOptions { Command = ["sh", "-c", script], WorkingDirectory = Here });
}
