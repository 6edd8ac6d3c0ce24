namespace Stamina.Worker.Processes;

/// <summary>Runs a command to the end under a wall-time limit.</summary>
public static class ChildProcessRunner
{
    /// <summary>
    /// Starts the command and waits for it. When <paramref name="timeout"/> passes, the whole group is
    /// killed and the result says <see cref="ChildProcessResult.TimedOut"/>; when
    /// <paramref name="cancellationToken"/> fires, the group is killed and reaped, then
    /// <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <exception cref="ExecutableNotFoundException">The executable is missing or not executable.</exception>
    /// <param name="started">Told the process group id as soon as the command runs.</param>
    public static async Task<ChildProcessResult> RunAsync(
        ChildProcessOptions options, TimeSpan? timeout, CancellationToken cancellationToken, Action<int>? started = null)
    {
        await using var child = ChildProcess.Start(options);
        started?.Invoke(child.Id);
        using var timer = timeout is { } limit && limit != Timeout.InfiniteTimeSpan ? new CancellationTokenSource(limit) : null;
        await using var onTimeout = timer?.Token.Register(() => child.Kill(becauseOfTimeout: true)) ?? default;
        return await child.WaitAsync(cancellationToken);
    }

    public static Task<ChildProcessResult> RunAsync(
        IReadOnlyList<string> command,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(
            new ChildProcessOptions
            {
                Command = command,
                WorkingDirectory = workingDirectory,
                Environment = environment ?? new Dictionary<string, string?>(),
                StandardInput = standardInput,
            },
            timeout,
            cancellationToken);
}
