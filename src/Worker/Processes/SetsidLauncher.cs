using System.ComponentModel;
using System.Diagnostics;
using Stamina.Worker.Processes.Sandbox;

namespace Stamina.Worker.Processes;

/// <summary>
/// Starts a command as <c>setsid -- executable args…</c> (or its stand-in, see <see cref="SessionLauncher"/>). .NET
/// forks a child that is not a group leader, so the launcher calls setsid(2) in place and execs: the pid we hold is the
/// command's, and it leads a new session and group whose id equals that pid. A new session also means no controlling
/// terminal, so nothing (ssh, git, an agent) can stop to ask a question on a tty.
/// </summary>
static class SetsidLauncher
{
    const string Bash = "/bin/bash";

    public static Process Start(ChildProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Command.Count == 0)
            throw new ArgumentException("The command is empty.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TailBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxLineBytes);
        if (!Directory.Exists(options.WorkingDirectory))
            throw new DirectoryNotFoundException($"The working directory '{options.WorkingDirectory}' does not exist.");
        var executable = ExecutableResolver.Resolve(options.Command[0], options.WorkingDirectory, options.Environment);
        var session = SessionLauncher.Current
            ?? throw new ExecutableNotFoundException("setsid", "util-linux setsid (or perl) is needed to give each command its own process group", workerTool: true);

        if (options.Leash is not null && !File.Exists(Bash))
            throw new ExecutableNotFoundException(Bash, "bash runs the watcher that ties a command to its worker", workerTool: true);
        if (options.Cgroup is not null && !File.Exists(Bash))
            throw new ExecutableNotFoundException(Bash, "bash puts a command into its attempt's cgroup", workerTool: true);

        var info = new ProcessStartInfo(session.Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory,
        };
        foreach (var argument in session.Arguments)
            info.ArgumentList.Add(argument);
        if (options.Cgroup is { } cgroup)
        {
            // First of all: everything after (the leash's watcher, bubblewrap, the command) starts inside the group.
            info.ArgumentList.Add(Bash);
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(Cgroups.AttemptCgroup.JoinScript);
            info.ArgumentList.Add("stamina-cgroup");
            foreach (var file in cgroup.ProcessFiles)
                info.ArgumentList.Add(file);
            info.ArgumentList.Add("--");
        }
        if (options.Leash is { } leash)
        {
            info.ArgumentList.Add(Bash);
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(ProcessLeash.Script);
            info.ArgumentList.Add("stamina-leash");
            info.ArgumentList.Add(leash.TimeoutSeconds);
            info.ArgumentList.Add(leash.FifoPath);
        }
        if (options.Sandbox is { } sandbox)
        {
            if (!File.Exists(sandbox.Bubblewrap))
                throw new ExecutableNotFoundException(sandbox.Bubblewrap, "bubblewrap sandboxes commands from the worker", workerTool: true);
            foreach (var argument in BubblewrapCommand.Wrap(sandbox, executable, options.Command.Skip(1)))
                info.ArgumentList.Add(argument);
            // Not the worker's environment minus some: only what the sandbox passes (bubblewrap itself shows it inside).
            info.Environment.Clear();
            foreach (var (name, value) in BubblewrapCommand.Environment(sandbox, options.Environment))
                info.Environment[name] = value;
        }
        else
        {
            info.ArgumentList.Add(executable);
            foreach (var argument in options.Command.Skip(1))
                info.ArgumentList.Add(argument);
            foreach (var (name, value) in options.Environment)
            {
                if (value is null)
                    info.Environment.Remove(name);
                else
                    info.Environment[name] = value;
            }
        }

        if (options.Leash is not null || options.Cgroup is not null)
        {
            foreach (var name in ProcessLeash.ShellStartupVariables)
                info.Environment.Remove(name);
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e) when (e.NativeErrorCode is 2 or 13) // ENOENT, EACCES: a race with our checks
        {
            process.Dispose();
            throw new ExecutableNotFoundException(options.Command[0], e.Message);
        }
        return process;
    }
}
