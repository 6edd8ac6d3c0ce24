namespace Stamina.Worker.Processes;

/// <summary>How a child process ended, with the last bytes of what it wrote.</summary>
public sealed record ChildProcessResult
{
    /// <summary>The exit status; 128 + signal number when a signal ended it (137 for SIGKILL).</summary>
    public required int ExitCode { get; init; }

    /// <summary>We signalled it (kill, terminate, cancellation or timeout) before it exited on its own.</summary>
    public required bool KilledByUs { get; init; }

    /// <summary>The wall-time limit of <see cref="ChildProcessRunner"/> ended it.</summary>
    public required bool TimedOut { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>The last <see cref="ChildProcessOptions.TailBytes"/> of stdout, invalid UTF-8 replaced by U+FFFD.</summary>
    public required string StandardOutputTail { get; init; }

    public required string StandardErrorTail { get; init; }

    /// <summary>All bytes written to stdout, which can be far more than the tail holds.</summary>
    public required long StandardOutputBytes { get; init; }

    public required long StandardErrorBytes { get; init; }

    /// <summary>The first exception a line callback threw; later lines were still read so the child never blocked.</summary>
    public Exception? LineCallbackError { get; init; }

    public bool Succeeded => ExitCode == 0 && !KilledByUs;
}
