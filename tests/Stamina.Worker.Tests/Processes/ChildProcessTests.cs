using Stamina.Testing;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Tests.Processes;

[TestFixture]
public sealed class ChildProcessTests
{
    static readonly string Here = Path.GetTempPath();

    [Test]
    public async Task Should_pass_the_exit_code_through()
    {
        var result = await ChildProcessRunner.RunAsync(["sh", "-c", "echo out; echo err >&2; exit 7"], Here);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(7));
            Assert.That(result.KilledByUs, Is.False);
            Assert.That(result.TimedOut, Is.False);
            Assert.That(result.StandardOutputTail, Is.EqualTo("out\n"));
            Assert.That(result.StandardErrorTail, Is.EqualTo("err\n"));
        });
    }

    [Test]
    public async Task Should_deliver_stdin_and_close_it()
    {
        var result = await ChildProcessRunner.RunAsync(["cat"], Here, standardInput: "hello\nwörld\n");

        Assert.That(result.StandardOutputTail, Is.EqualTo("hello\nwörld\n"));
    }

    [Test]
    public async Task Should_close_stdin_at_once_when_there_is_none()
    {
        var result = await ChildProcessRunner.RunAsync(["cat"], Here, timeout: TimeSpan.FromSeconds(30));

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public async Task Should_set_and_remove_environment_variables()
    {
        var environment = new Dictionary<string, string?> { ["STAMINA_TEST"] = "a b$c", ["HOME"] = null, ["EMPTY"] = "" };

        var result = await ChildProcessRunner.RunAsync(
            ["sh", "-c", "printf '%s|%s|%s' \"$STAMINA_TEST\" \"${HOME-unset}\" \"${EMPTY+set}\""], Here, environment);

        Assert.That(result.StandardOutputTail, Is.EqualTo("a b$c|unset|set"));
    }

    [Test]
    public async Task Should_run_in_the_working_directory_with_arguments_verbatim()
    {
        using var scratch = new ScratchDirectory();

        var result = await ChildProcessRunner.RunAsync(["sh", "-c", "pwd; printf '%s\\n' \"$1\"", "sh", "; rm -rf / `x` $(y)"], scratch.Path);

        Assert.That(result.StandardOutputTail, Is.EqualTo($"{scratch.Path}\n; rm -rf / `x` $(y)\n"));
    }

    [Test]
    public async Task Should_lead_its_own_process_group()
    {
        await using var child = ChildProcess.Start(new ChildProcessOptions { Command = ["sleep", "300"], WorkingDirectory = Here });

        await Eventually.UntilAsync(() => ProcessTable.MembersOf(child.Id).Contains(child.Id), TimeSpan.FromSeconds(15), "the child leads its group");
        child.Kill();
        var result = await child.WaitAsync();
        Assert.That(result.KilledByUs, Is.True);
    }

    [Test]
    public void Should_name_a_missing_executable()
    {
        var error = Assert.ThrowsAsync<ExecutableNotFoundException>(
            () => ChildProcessRunner.RunAsync(["stamina-no-such-command", "x"], Here));

        Assert.That(error!.Executable, Is.EqualTo("stamina-no-such-command"));
        Assert.That(error.Message, Does.Contain("stamina-no-such-command"));
    }

    [Test]
    public void Should_name_a_file_that_is_not_executable()
    {
        using var scratch = new ScratchDirectory();
        var script = scratch.Combine("script.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hi\n");

        var error = Assert.ThrowsAsync<ExecutableNotFoundException>(() => ChildProcessRunner.RunAsync(["./script.sh"], scratch.Path));

        Assert.That(error!.Message, Does.Contain("./script.sh").And.Contain("not executable"));
    }

    [Test]
    public void Should_reject_a_missing_working_directory()
    {
        Assert.ThrowsAsync<DirectoryNotFoundException>(() => ChildProcessRunner.RunAsync(["true"], "/nonexistent/stamina"));
    }

    [Test]
    public async Task Should_replace_invalid_utf8()
    {
        var result = await ChildProcessRunner.RunAsync(["printf", "\\377\\376ok\\n"], Here);

        Assert.That(result.StandardOutputTail, Is.EqualTo("\uFFFD\uFFFDok\n"));
    }
}
