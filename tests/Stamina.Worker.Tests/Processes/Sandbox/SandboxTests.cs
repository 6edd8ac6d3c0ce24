using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Stamina.Testing;
using Stamina.Worker.Processes;
using Stamina.Worker.Processes.Sandbox;

namespace Stamina.Worker.Tests.Processes.Sandbox;

/// <summary>
/// A sandboxed command, run as the worker runs it (setsid, the leash, real git), finds nothing of the worker's: no
/// environment, no secret files, no writable mirror configuration, no network, no credentials; it still commits in
/// its worktree. Each attack is first shown to work without the sandbox.
/// </summary>
[TestFixture]
[NonParallelizable] // sets a variable in this process's environment, which children inherit
public sealed class SandboxTests
{
    const string WorkerVariable = "ConnectionStrings__SandboxTest";

    SandboxWorld world = null!;
    TcpListener listener = null!;
    Process bystander = null!;

    [SetUp]
    public async Task CreateWorld()
    {
        Assume.That(SandboxProbe.Problem(BubblewrapCommand.DefaultProgram), Is.Null, "bubblewrap works on this machine");
        world = await SandboxWorld.CreateAsync();
        Environment.SetEnvironmentVariable(WorkerVariable, $"amqp://admin:{world.Secret}@localhost/");
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        // Another process of the worker's user, holding the secret in its environment.
        var info = new ProcessStartInfo("sleep", "60") { UseShellExecute = false };
        info.Environment["BYSTANDER_SECRET"] = world.Secret;
        bystander = Process.Start(info)!;
    }

    [TearDown]
    public void RemoveWorld()
    {
        Environment.SetEnvironmentVariable(WorkerVariable, null);
        bystander?.Kill();
        bystander?.Dispose();
        listener?.Dispose();
        world?.Dispose();
    }

    int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    [Test]
    public async Task Without_a_sandbox_Should_the_attacks_work()
    {
        var result = await RunAsync(sandbox: null);

        Assert.That(result.StandardOutputTail, Does.Contain("FOUND: environment of /proc/").And.Contain($"FOUND: file {world.EnvironmentFile}")
            .And.Contain($"FOUND: file {world.ConfigFile}").And.Contain("FOUND: wrote core.sshCommand").And.Contain("FOUND: connected to 127.0.0.1"));
        Assert.That(File.ReadAllText(world.MirrorConfig), Does.Contain("sshCommand"));
    }

    [Test]
    public async Task In_the_sandbox_Should_find_nothing_and_still_commit_in_its_worktree()
    {
        var configBefore = File.ReadAllText(world.MirrorConfig);
        using var line = LeashLine.Create(Path.Combine(world.WorkDir, "leashes"), TimeSpan.FromSeconds(30));

        var result = await RunAsync(world.Sandbox(), line);

        Assert.That(result.StandardOutputTail.Split('\n').Where(l => l.StartsWith("FOUND", StringComparison.Ordinal)), Is.Empty,
            result.StandardErrorTail);
        Assert.That(result.StandardOutputTail, Does.Contain("committed"), result.StandardErrorTail);
        Assert.That(File.ReadAllText(world.MirrorConfig), Is.EqualTo(configBefore), "the mirror's configuration is unchanged");
        Assert.That(File.Exists(Path.Combine(world.Mirror, "hooks", "post-commit")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(world.Worktree, ".git")), Does.StartWith($"gitdir: {world.Mirror}"));
        Assert.That(listener.Pending(), Is.False, "nothing reached the listener");
        Assert.That(await SandboxWorld.Git(world.Worktree, "log", "-1", "--format=%s", "stamina/attempt"), Is.EqualTo("agent work\n"));
        // The worker's own git still works in the worktree after the command.
        Assert.That(await SandboxWorld.Git(world.Worktree, "status", "--porcelain"), Is.Empty);
    }

    [Test]
    public async Task With_the_whole_network_Should_reach_the_listener_but_nothing_else_changes()
    {
        var result = await RunAsync(world.Sandbox(hostNetwork: true));

        var found = result.StandardOutputTail.Split('\n').Where(l => l.StartsWith("FOUND", StringComparison.Ordinal)).ToList();
        Assert.That(found, Is.EqualTo(new[] { $"FOUND: connected to 127.0.0.1:{Port}" }), result.StandardErrorTail);
    }

    [Test]
    public async Task When_a_process_leaves_the_group_with_setsid_Should_be_gone_once_the_command_ends()
    {
        var pidFile = Path.Combine(world.Worktree, "escaped.pid");
        // Inside, pids are the namespace's: the escapee writes its own marker, found outside by its command line.
        var marker = "sleep " + (300 + Random.Shared.Next(1000));
        var result = await ChildProcessRunner.RunAsync(new ChildProcessOptions
        {
            Command = ["sh", "-c", $"setsid sh -c 'exec {marker}' < /dev/null > /dev/null 2>&1 & sleep 1; echo started"],
            WorkingDirectory = world.Worktree,
            Sandbox = world.Sandbox(),
        }, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(result.StandardOutputTail, Is.EqualTo("started\n"));
        await Eventually.UntilAsync(() => Task.FromResult(!Running(marker)), TimeSpan.FromSeconds(10), "the escaped sleep to be gone");
    }

    [Test]
    public async Task When_held_Should_stop_every_process_inside_and_go_on_once_continued()
    {
        var done = Path.Combine(world.Worktree, "done");
        await using var child = ChildProcess.Start(new ChildProcessOptions
        {
            Command = ["sh", "-c", "sleep 2; touch done"],
            WorkingDirectory = world.Worktree,
            Sandbox = world.Sandbox(),
        });
        await Eventually.UntilAsync(() => Task.FromResult(ProcessTable.MembersOf(child.Id).Count >= 3), TimeSpan.FromSeconds(10), "the sandbox to start");

        child.Hold(stop: true);
        await Eventually.UntilAsync(() => Task.FromResult(ProcessTable.MembersOf(child.Id).All(pid => State(pid) == 'T')), TimeSpan.FromSeconds(10),
            "every process of the group to stop");
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than the command's own sleep: held, it must not have finished
        Assert.That(File.Exists(done), Is.False);
        child.Hold(stop: false);

        var result = await child.WaitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That((result.ExitCode, File.Exists(done)), Is.EqualTo((0, true)));
    }

    [Test]
    public async Task With_limits_Should_bind_every_process_of_the_command()
    {
        var result = await RunCommandAsync(world.Sandbox(limits: new ResourceLimits { MemoryBytes = 256L << 20, CpuSeconds = 30, OpenFiles = 64 }),
            "ulimit -v; ulimit -t; ulimit -n; head -c 300000000 /dev/zero | tr '\\0' x | (v=$(cat); echo ${#v}) 2>&1 | tail -c 200");

        var lines = result.StandardOutputTail.Split('\n');
        Assert.That(lines[..3], Is.EqualTo(new[] { "262144", "30", "64" }));
        Assert.That(result.StandardOutputTail + result.StandardErrorTail, Does.Not.Contain("300000000"), "a 300 MB string does not fit in 256 MB");
    }

    [TestCase("STAMINA_CLAUDE")]
    [TestCase("STAMINA_CODEX")]
    [TestCase("STAMINA_GEMINI")]
    public async Task An_agent_CLI_installed_by_npm_outside_the_system_Should_start_in_the_sandbox(string variable)
    {
        // scripts/install-agents.sh installs them under the user's home (~/.cache/stamina/agents/node_modules), hidden
        // by the sandbox but for what the program needs: its package and the packages it loads beside it.
        var executable = Environment.GetEnvironmentVariable(variable);
        Assume.That(executable is not null && File.Exists(executable), $"{variable} names an installed agent CLI");

        var result = await ChildProcessRunner.RunAsync(
            new ChildProcessOptions { Command = [executable!, "--version"], WorkingDirectory = world.Worktree, Sandbox = world.Sandbox() },
            TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutputTail + result.StandardErrorTail);
        Assert.That(result.StandardOutputTail, Does.Match(@"\d+\.\d+"));
    }

    [Test]
    public async Task A_program_started_by_a_link_in_a_hidden_directory_Should_start_and_show_nothing_beside_the_link()
    {
        // ~/.local/bin/claude -> ~/.local/share/claude/versions/N: the link's directory holds the user's other things.
        var bin = Directory.CreateDirectory(Path.Combine(world.WorkDir, "home-bin")).FullName;
        var link = Path.Combine(bin, "tool");
        File.CreateSymbolicLink(link, "/bin/sh");
        File.WriteAllText(Path.Combine(bin, "secret.txt"), world.Secret);

        var result = await ChildProcessRunner.RunAsync(
            new ChildProcessOptions { Command = [link, "-c", $"echo started; ls {bin}; cat {bin}/secret.txt"], WorkingDirectory = world.Worktree, Sandbox = world.Sandbox() },
            TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.That(result.StandardOutputTail, Does.StartWith("started").And.Not.Contain(world.Secret).And.Not.Contain("secret.txt"),
            result.StandardOutputTail + result.StandardErrorTail);
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_link_in_the_worktree_to_a_program_outside_Should_not_show_the_programs_directory()
    {
        var outside = Directory.CreateDirectory(Path.Combine(world.WorkDir, "elsewhere")).FullName;
        var program = Path.Combine(outside, "run");
        File.WriteAllText(program, "#!/bin/sh\necho ran\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), world.Secret);
        File.CreateSymbolicLink(Path.Combine(world.Worktree, "run.sh"), program);

        var result = await ChildProcessRunner.RunAsync(
            new ChildProcessOptions { Command = ["./run.sh"], WorkingDirectory = world.Worktree, Sandbox = world.Sandbox() },
            TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.That(result.StandardOutputTail, Does.Not.Contain("ran"), "the link's target is not in the sandbox");
        var look = await RunCommandAsync(world.Sandbox(), $"cat {outside}/secret.txt; ls {outside}");
        Assert.That(look.StandardOutputTail, Does.Not.Contain(world.Secret).And.Not.Contain("secret.txt"));
    }

    Task<ChildProcessResult> RunCommandAsync(CommandSandbox sandbox, string script) =>
        ChildProcessRunner.RunAsync(new ChildProcessOptions { Command = ["sh", "-c", script], WorkingDirectory = world.Worktree, Sandbox = sandbox },
            TimeSpan.FromSeconds(60), CancellationToken.None);

    Task<ChildProcessResult> RunAsync(CommandSandbox? sandbox, LeashLine? line = null) =>
        ChildProcessRunner.RunAsync(new ChildProcessOptions
        {
            Command = HostileScript.Command(world, Port),
            WorkingDirectory = world.Worktree,
            Sandbox = sandbox,
            Leash = line?.Leash,
        }, TimeSpan.FromSeconds(60), CancellationToken.None);

    static bool Running(string commandLine) =>
        Directory.EnumerateDirectories("/proc").Any(directory =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(directory), out _) && ProcessTable.IsAlive(int.Parse(Path.GetFileName(directory)))
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim() == commandLine;
            }
            catch (IOException)
            {
                return false;
            }
        });

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
