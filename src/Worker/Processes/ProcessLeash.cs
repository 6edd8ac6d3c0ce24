namespace Stamina.Worker.Processes;

/// <summary>
/// Ties a command to its worker without the worker's help: a small watcher inside the command's process group
/// reads a tick from <see cref="FifoPath"/> at least every <see cref="Timeout"/>. When the ticks stop (the worker is
/// frozen, or alive but without a confirmed lease) it stops the whole group; when the worker dies (end of file) it
/// kills the group. So a command never works on long beside the attempt that replaces it.
/// </summary>
public sealed record ProcessLeash(string FifoPath, TimeSpan Timeout)
{
    /// <summary>
    /// The watcher, then the command. A fixed text: the command and its arguments arrive as positional parameters,
    /// never as shell text. The watcher runs in the background; the shell then execs the command in the foreground,
    /// so the command keeps the pid (the group's id), its stdin, its exit status and default signal dispositions (a
    /// background job of a shell would start with SIGINT and SIGQUIT ignored). Before stopping the group the watcher
    /// leaves a mark, and takes it away once continued: while the mark is there the worker continues the group
    /// whenever the lease is confirmed. At the command's end the worker kills the group's leftovers, the watcher too.
    /// </summary>
    public const string Script = """
        timeout=$1 fifo=$2
        shift 2
        (
          exec 3<"$fifo" || exit 0
          while :; do
            read -r -t "$timeout" _ <&3
            status=$?
            if [ $status -eq 0 ]; then continue; fi
            if [ $status -gt 128 ]; then : > "$fifo.stopped"; kill -STOP 0; rm -f "$fifo.stopped"; else kill -KILL 0; fi
          done
        ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;

    /// <summary>Variables that would make bash read files or change its options before the script runs.</summary>
    public static readonly string[] ShellStartupVariables = ["BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS"];

    /// <summary>The mark the watcher leaves when it stopped the group for lack of ticks.</summary>
    public string StoppedMarkPath => FifoPath + ".stopped";

    /// <summary>Whole seconds, at least one: the oldest shells read no fractions.</summary>
    public string TimeoutSeconds => Math.Max(1, (int)Math.Ceiling(Timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
