using System.ComponentModel.DataAnnotations;
using Stamina.Worker.Fleet;
using Stamina.Worker.Hooks;
using Stamina.Worker.Processes.Sandbox;

namespace Stamina.Worker;

/// <summary>Section <c>Stamina:Worker</c>; <c>--pool</c>, <c>--name</c>, <c>--work-dir</c> and <c>--account</c> map here.</summary>
public sealed class WorkerSettings : IValidatableObject
{
    public const string Section = "Stamina:Worker";

    /// <summary>
    /// Unique among live workers. Empty: chosen at start, stable across restarts on this machine
    /// (<see cref="Fleet.WorkerPlaces"/>: <c>&lt;machine&gt;-&lt;account or default&gt;</c>, see docs/configuration.md).
    /// </summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    public string Name { get; set; } = "";

    [RegularExpression("^[a-z0-9][a-z0-9_-]{0,62}$")]
    public string Pool { get; set; } = "default";

    public string? Account { get; set; }

    /// <summary>Mirrors and worktrees live here; one worker process at a time (it holds the directory's lock).</summary>
    public string WorkDir { get; set; } = "";

    /// <summary>
    /// Not a setting: the id of this process's run, set at start (it names the exclusive queues, which the coordinator
    /// probes to learn that a holder is dead). Null in local mode.
    /// </summary>
    public string? Run { get; set; }

    /// <summary>Serve <c>/metrics</c> and <c>/health/live</c> on this port (all interfaces); none by default, unless <c>--urls</c> says where.</summary>
    [Range(1, 65535)]
    public int? MetricsPort { get; set; }

    public string BranchPrefix { get; set; } = "stamina";
    public string AuthorName { get; set; } = "Stamina";
    public string AuthorEmail { get; set; } = "stamina@localhost";

    /// <summary>Local repositories the worker may touch; empty allows any absolute path (the coordinator checks its own list).</summary>
    public List<string> AllowedLocalRoots { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a worker keeps asking for a claim that a live-looking holder still has.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimWaitLimit { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one claim request waits for the coordinator's answer before it counts as unanswered.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ClaimRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An unanswered claim is asked again after this long (a "retry after" answer says its own wait), within <see cref="ClaimWaitLimit"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ClaimRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one result (completion) request waits for the coordinator's answer before it is sent again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CompletionRequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The first wait before an unanswered result is sent again; each later wait doubles, up to <see cref="CompletionMaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CompletionRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two sends of an unanswered result.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CompletionMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An unanswered result is sent again for this long (or until the worker stops); after it the branch is pushed anyway
    /// and the lease brings the item back. An outage shorter than this costs the item nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CompletionPatience { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long one heartbeat (lease renewal), its send included, may take before it counts as unanswered. Empty (the
    /// default): <see cref="HeartbeatInterval"/>, at least one second, so the keeper keeps its pace.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan? HeartbeatTimeout { get; set; }

    /// <summary>The heartbeat's bound: <see cref="HeartbeatTimeout"/>, or the interval but at least one second.</summary>
    public TimeSpan HeartbeatTimeoutOrDefault() =>
        HeartbeatTimeout ?? (HeartbeatInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : HeartbeatInterval);

    /// <summary>On SIGTERM the running item may finish within this time; after it, the item is released.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An item based on a branch skips the mirror's fetch when the last one started less than this long ago, so it
    /// may start from the branch as it was up to this long ago. Zero (the default): every such item fetches, unless
    /// a fetch that started after it asked has just run. An item based on a full commit id the mirror holds never fetches.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MirrorFreshness { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How many finished attempts' worktrees are kept for the next items of the same repositories, which then rewrite
    /// only the files that differ from their base instead of checking out the whole tree (a large repository's
    /// checkout can take longer than a short item). Every trace of the last attempt is removed first (untracked and
    /// ignored files, changes, git state). Zero: every attempt checks out afresh.
    /// </summary>
    [Range(0, 100)]
    public int SpareWorktrees { get; set; } = 4;

    /// <summary>Worktrees of failed attempts are kept for inspection up to this many bytes in total.</summary>
    [Range(0, long.MaxValue)]
    public long KeptWorktreeBytes { get; set; } = 1L << 30;

    /// <summary>Heartbeats that fail without a break for this long restart the worker's host with new connections.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BrokerPatience { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A command held because the lease could not be confirmed is given up after this long (its work saved, the
    /// item released); shorter outages cost nothing: the command goes on once the coordinator confirms the token.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OutagePatience { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1024, 64 * 1024 * 1024)]
    public int OutputTailBytes { get; set; } = 64 * 1024;

    /// <summary>An agent that writes no event for this long is killed as stalled (an item may set its own).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Work in progress is committed and pushed to the attempt's branch this often.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the account rests after a usage limit whose reset time the agent did not say.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UsageLimitBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An attempt's transcript sent to the coordinator stops at this size.</summary>
    [Range(0, 1L << 32)]
    public long TranscriptMaxBytes { get; set; } = 8L << 20;

    /// <summary>The largest task file read from a repository.</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxTaskFileBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// <c>auto</c> (default): commands and agents run sandboxed (bubblewrap) where it works, elsewhere unsandboxed with
    /// a loud warning; <c>required</c>: sandboxed or the worker refuses to start; <c>off</c>: never (docs/security.md).
    /// </summary>
    public SandboxMode Sandbox { get; set; } = SandboxMode.Auto;

    /// <summary>The bubblewrap program.</summary>
    public string SandboxProgram { get; set; } = BubblewrapCommand.DefaultProgram;

    /// <summary>
    /// What a sandboxed command may reach on the network, through the worker's filtering proxy: a list of hosts
    /// (<c>api.example.com</c>, <c>*.example.com</c>, optionally <c>:port</c>; ports 443 and 80 otherwise), to which an
    /// agent adds its model's hosts. Empty (the default): commands reach nothing, agents only their model's API.
    /// <c>none</c>: nothing at all, agents included. <c>*</c>: the machine's whole network, unfiltered
    /// (<see cref="Processes.Sandbox.Network.SandboxNetworkPolicy"/>, docs/security.md).
    /// </summary>
    public List<string> SandboxNetwork { get; set; } = [];

    /// <summary>More paths a sandboxed command may read, e.g. where an agent CLI and its runtime are installed.</summary>
    public List<string> SandboxReadOnlyPaths { get; set; } = [];

    /// <summary>
    /// The worker's environment variables a sandboxed command gets (add an agent's API key variable here); nothing
    /// else of the worker's environment reaches it.
    /// </summary>
    public List<string> SandboxEnvironment { get; set; } = ["PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TERM"];

    /// <summary>Address space of each process of a sandboxed command, in bytes (RLIMIT_AS); none by default.</summary>
    [Range(16L << 20, long.MaxValue)]
    public long? CommandMemoryBytes { get; set; }

    /// <summary>CPU seconds of each process of a sandboxed command (RLIMIT_CPU); none by default.</summary>
    [Range(1L, long.MaxValue)]
    public long? CommandCpuSeconds { get; set; }

    /// <summary>Open files of each process of a sandboxed command (RLIMIT_NOFILE); none by default.</summary>
    [Range(16L, 1L << 20)]
    public long? CommandOpenFiles { get; set; }

    /// <summary>
    /// Memory of an attempt's command as a whole, every process together, in bytes (a cgroup's limit: the kernel's OOM
    /// killer ends a process over it, and the attempt fails); none by default. Without cgroups: RLIMIT_AS per process.
    /// </summary>
    [Range(16L << 20, long.MaxValue)]
    public long? AttemptMemoryBytes { get; set; }

    /// <summary>Processes (and threads) an attempt's command may run at once (a cgroup's <c>pids.max</c>); none by default.</summary>
    [Range(4, 4 * 1024 * 1024)]
    public int? AttemptMaxProcesses { get; set; }

    /// <summary>CPU an attempt's command may use, in cores (1.5 is 150 % of one core; a cgroup's CPU quota); none by default.</summary>
    [Range(0.01, 1024.0)]
    public double? AttemptCpus { get; set; }

    /// <summary>Pre-task, post-task and health check hooks (<c>Stamina:Worker:Hooks</c>); none by default.</summary>
    public HookSettings Hooks { get; set; } = new();

    /// <summary>
    /// The daily window in which the worker takes new work, <c>HH:mm-HH:mm</c> (<c>22:00-07:00</c> crosses midnight), on the
    /// clock of <see cref="ShiftTimeZone"/>; outside it the running item finishes and nothing new starts. Empty: always.
    /// </summary>
    public string? Shift { get; set; }

    /// <summary>The time zone of <see cref="Shift"/> (an IANA id such as <c>Europe/Berlin</c>); empty: the machine's.</summary>
    public string? ShiftTimeZone { get; set; }

    /// <summary>The parsed <see cref="Shift"/>; null when the worker works around the clock.</summary>
    /// <exception cref="FormatException">The shift or its time zone is not valid (validation reports it first).</exception>
    public ShiftWindow? ShiftWindow() => string.IsNullOrWhiteSpace(Shift) ? null : Fleet.ShiftWindow.Parse(Shift, ShiftTimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Shift) && !string.IsNullOrWhiteSpace(ShiftTimeZone))
            yield return new ValidationResult($"{Section}:ShiftTimeZone is set without {Section}:Shift (a window such as 22:00-07:00).", [nameof(ShiftTimeZone)]);
        string? shiftProblem = null;
        try
        {
            ShiftWindow();
        }
        catch (FormatException exception)
        {
            shiftProblem = exception.Message;
        }
        if (shiftProblem is not null)
            yield return new ValidationResult($"{Section}:Shift: {shiftProblem}.", [nameof(Shift)]);
        if (CompletionMaxRetryDelay < CompletionRetryDelay)
        {
            yield return new ValidationResult($"{Section}:CompletionMaxRetryDelay ({CompletionMaxRetryDelay}) is shorter than {Section}:CompletionRetryDelay ({CompletionRetryDelay}).",
                [nameof(CompletionMaxRetryDelay)]);
        }

        foreach (var problem in Hooks.Validate($"{Section}:Hooks"))
            yield return problem;
    }

    public string ResolveWorkDir() => string.IsNullOrWhiteSpace(WorkDir)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".stamina", "workers", Name)
        : Path.GetFullPath(WorkDir);
}
