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
    /// The watcher. A fixed text: the command and its arguments arrive as positional parameters, never as shell
    /// text. The command runs in the background with the leash's stdin (a background job would get /dev/null).
    /// Before stopping the group it leaves a mark, and takes it away once continued: while the mark is there the
    /// worker continues the group whenever the lease is confirmed.
    /// </summary>
    public const string Script = """
        timeout=$1 fifo=$2
        shift 2
        "$@" 0<&0 &
        command=$!
        (
          exec 3<"$fifo" || exit 0
          while :; do
            read -r -t "$timeout" _ <&3
            status=$?
            if [ $status -eq 0 ]; then continue; fi
            if [ $status -gt 128 ]; then : > "$fifo.stopped"; kill -STOP 0; rm -f "$fifo.stopped"; else kill -KILL 0; fi
          done
        ) </dev/null >/dev/null 2>&1 &
        watcher=$!
        wait "$command"
        code=$?
        kill "$watcher" 2>/dev/null
        exit "$code"
        """;

    /// <summary>The mark the watcher leaves when it stopped the group for lack of ticks.</summary>
    public string StoppedMarkPath => FifoPath + ".stopped";

    /// <summary>Whole seconds, at least one: the oldest shells read no fractions.</summary>
    public string TimeoutSeconds => Math.Max(1, (int)Math.Ceiling(Timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
