using System.Diagnostics;
using Stamina.Testing;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Tests.Processes;

/// <summary>
/// The launcher's contract, for each kind this machine can run (setsid on Linux, the perl stand-in macOS uses): the pid
/// .NET holds is the command's own (exec in place), and it leads a new session and process group.
/// </summary>
[TestFixture]
public sealed class SessionLauncherTests
{
    static SessionLauncher Make(string kind) =>
        kind == "setsid" ? SessionLauncher.Setsid("/usr/bin/setsid") : SessionLauncher.Perl("/usr/bin/perl");

    [TestCase("setsid")]
    [TestCase("perl")]
    public async Task The_command_runs_in_place_leading_its_own_session_and_group(string kind)
    {
        var launcher = Make(kind);
        if (!File.Exists(launcher.Executable))
            Assert.Ignore($"{launcher.Executable} is not on this machine");

        var (process, output, error) = await RunAsync(launcher, "/bin/sh", "-c", "echo $$ $(ps -o pgid= -p $$) $(ps -o sid= -p $$)");

        Assert.That(error, Is.Empty);
        Assert.That(output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse),
            Is.EqualTo(new[] { process, process, process }), "pid, group and session are all the held pid");
    }

    [TestCase("setsid")]
    [TestCase("perl")]
    public async Task Arguments_reach_the_command_untouched(string kind)
    {
        var launcher = Make(kind);
        if (!File.Exists(launcher.Executable))
            Assert.Ignore($"{launcher.Executable} is not on this machine");

        var (_, output, _) = await RunAsync(launcher, "/usr/bin/printf", "%s|", "--", "-e", "$HOME", "a b", "'\"");

        Assert.That(output, Is.EqualTo("--|-e|$HOME|a b|'\"|"));
    }

    [Test]
    public async Task The_perl_stand_in_names_a_command_it_cannot_run()
    {
        var (_, _, error) = await RunAsync(SessionLauncher.Perl("/usr/bin/perl"), "/nonexistent/agent");

        Assert.That(error, Does.Contain("stamina: exec /nonexistent/agent"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Find_prefers_setsid_then_perl_along_the_search_path()
    {
        using var directory = new TemporaryDirectory("launcher");
        var fake = directory.Combine("setsid");
        File.WriteAllText(fake, "#!/bin/sh\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        Assert.That(SessionLauncher.Find(directory.Path), Is.EqualTo(SessionLauncher.Setsid(fake)).Using<SessionLauncher>(Same));
        Assert.That(SessionLauncher.Current, Is.Not.Null, "this machine can launch commands");
    }

    static bool Same(SessionLauncher a, SessionLauncher b) => a.Executable == b.Executable && a.Arguments.SequenceEqual(b.Arguments);

    static async Task<(int Pid, string Output, string Error)> RunAsync(SessionLauncher launcher, params string[] command)
    {
        var info = new ProcessStartInfo(launcher.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in launcher.Arguments.Concat(command))
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.Id, (await output).Trim(), (await error).Trim());
    }
}
