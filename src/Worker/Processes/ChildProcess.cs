using System.ComponentModel;
using System.Diagnostics;

namespace Stamina.Worker.Processes;

/// <summary>
/// A command running in its own session and process group, so that killing it kills everything it
/// started, including grandchildren that daemonized (double fork) but stayed in the group. Processes
/// that call setsid themselves leave the group; those are held by the command's cgroup where it has one
/// (<see cref="ChildProcessOptions.Cgroup"/>), or by its sandbox's PID namespace, and killed with the rest.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    // After the command exits, how long we wait for its pipes to close before giving up on them.
    static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    readonly Process process;
    readonly ChildProcessOptions options;
    readonly OutputPump output;
    readonly OutputPump error;
    readonly Task input;
    readonly CancellationTokenSource abandon = new();
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly Task<ChildProcessResult> completion;
    volatile bool killedByUs;
    volatile bool timedOut;

    ChildProcess(Process process, ChildProcessOptions options)
    {
        this.process = process;
        this.options = options;
        Id = process.Id;
        output = new OutputPump(process.StandardOutput.BaseStream, options.TailBytes, options.MaxLineBytes, options.OnOutputLine, abandon.Token);
        error = new OutputPump(process.StandardError.BaseStream, options.TailBytes, options.MaxLineBytes, options.OnErrorLine, abandon.Token);
        input = StandardInputWriter.WriteAsync(process.StandardInput.BaseStream, options.StandardInput, abandon.Token);
        completion = CompleteAsync();
    }

    /// <summary>The command's pid, which is also its process group id.</summary>
    public int Id { get; }

    public bool HasExited => completion.IsCompleted || process.HasExited;

    /// <exception cref="ExecutableNotFoundException">The executable (or setsid) is missing or not executable.</exception>
    /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
    public static ChildProcess Start(ChildProcessOptions options) => new(SetsidLauncher.Start(options), options);

    /// <summary>
    /// Waits for the command to exit and its output to be read. When <paramref name="cancellationToken"/>
    /// fires, the whole group is killed and reaped first, then <see cref="OperationCanceledException"/> is
    /// thrown: a caller that sees the exception knows nothing of the command is left running.
    /// </summary>
    public async Task<ChildProcessResult> WaitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await completion.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Kill();
            await completion;
            throw;
        }
    }

    /// <summary>
    /// SIGKILL to the whole group at once, and to the process tree as .NET sees it. Does nothing once
    /// <see cref="WaitAsync"/> has completed: by then the group was swept, and its id could name someone else's.
    /// </summary>
    public void Kill() => Kill(becauseOfTimeout: false);

    /// <summary>
    /// Stops (SIGSTOP) or continues (SIGCONT) the whole group: a held command keeps its memory and its place but
    /// does nothing. With a cgroup that can hold, its processes are frozen (thawed) too, those that left the group
    /// included. Does nothing once <see cref="WaitAsync"/> has completed (the id may name someone else's group).
    /// </summary>
    public void Hold(bool stop)
    {
        if (completion.IsCompleted)
            return;
        if (stop)
            options.Cgroup?.Hold(stop: true);
        ProcessGroup.Signal(Id, stop ? NativeMethods.SigStop : NativeMethods.SigCont);
        if (!stop)
            options.Cgroup?.Hold(stop: false);
    }

    /// <summary>SIGTERM to the group, up to <paramref name="grace"/> to exit, then SIGKILL to whatever is left.</summary>
    public async Task TerminateAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!HasExited)
            {
                killedByUs = true;
                ProcessGroup.Signal(Id, NativeMethods.SigTerm);
                await completion.WaitAsync(grace, cancellationToken);
            }
        }
        catch (TimeoutException)
        {
            // It ignored the request: it gets the signal it cannot ignore below.
        }
        finally
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!completion.IsCompleted)
            Kill();
        await completion;
        process.Dispose();
        abandon.Dispose();
    }

    internal void Kill(bool becauseOfTimeout)
    {
        // Once the command is reaped and its group swept, the id may be reused by an unrelated group.
        if (completion.IsCompleted)
            return;
        if (!process.HasExited)
        {
            killedByUs = true;
            if (becauseOfTimeout)
                timedOut = true;
        }
        ProcessGroup.Signal(Id, NativeMethods.SigKill);
        options.Cgroup?.Signal();
        options.Cgroup?.Hold(stop: false); // a frozen process dies only once thawed
        try
        {
            // Belt and braces: catches the instant before setsid ran, when the child is still in our group.
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    async Task<ChildProcessResult> CompleteAsync()
    {
        await process.WaitForExitAsync();
        var exitCode = process.ExitCode;
        var duration = clock.Elapsed;
        if (options.KillLeftoversOnExit)
        {
            ProcessGroup.Signal(Id, NativeMethods.SigKill);
            // Those that left the group with a session of their own too: they would keep our pipes open.
            if (options.Cgroup is { } cgroup)
                await cgroup.EndAsync();
        }
        var pumps = Task.WhenAll(output.Completion, error.Completion, input);
        try
        {
            await pumps.WaitAsync(DrainLimit);
        }
        catch (TimeoutException)
        {
            // Something that left the group (or was allowed to stay) still holds our pipes.
            await abandon.CancelAsync();
            await pumps;
        }
        return new ChildProcessResult
        {
            ExitCode = exitCode,
            KilledByUs = killedByUs,
            TimedOut = timedOut,
            Duration = duration,
            StandardOutputTail = output.ToString(),
            StandardErrorTail = error.ToString(),
            StandardOutputBytes = output.TotalBytes,
            StandardErrorBytes = error.TotalBytes,
            LineCallbackError = output.CallbackError ?? error.CallbackError,
        };
    }
}
