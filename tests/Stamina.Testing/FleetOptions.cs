namespace Stamina.Testing;

/// <summary>Timings shortened for tests; the defaults of the product are in the settings classes.</summary>
public sealed record FleetOptions
{
    public int Workers { get; init; } = 2;
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(5);
    public FleetMode Mode { get; init; } = FleetMode.Processes;

    /// <summary>
    /// <c>Stamina:Worker:Sandbox</c> of every worker. Off in most tests: their commands leave marks (pid files) outside
    /// their worktrees and report pids, which a sandbox hides; the sandbox's own tests set it to <c>required</c>.
    /// </summary>
    public string Sandbox { get; init; } = "off";

    /// <summary><c>Stamina:Worker:SandboxNetwork</c> of every worker (empty: the product's default).</summary>
    public IReadOnlyList<string> SandboxNetwork { get; init; } = [];

    /// <summary>A database the test controls (e.g. a <c>PrivatePostgres</c> it stops and starts) instead of a fresh one on the shared server.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Runs once the vhost exists, before any process starts; answers the coordinator's amqp URI (e.g. a least-privilege user's).</summary>
    public Func<TemporaryVirtualHost, Task<string>>? CoordinatorBroker { get; init; }

    /// <summary>Extra environment for every worker (e.g. <c>Stamina__Worker__AttemptMaxProcesses</c>), in both modes.</summary>
    public IReadOnlyDictionary<string, string> WorkerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// An installed <c>stamina</c> tool: the coordinator and the workers run as <c>stamina coordinator</c> and
    /// <c>stamina worker</c> with the same arguments, instead of the services' own programs (null: those).
    /// </summary>
    public string? Tool { get; init; }

    /// <summary>Extra environment for the coordinator process, or the <c>stamina local</c> process (e.g. <c>Stamina__ReadOnlyApiKey</c>), over the fleet's own.</summary>
    public IReadOnlyDictionary<string, string> CoordinatorSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Accounts of a local fleet (<c>stamina local --accounts</c>), each with its config dir for every harness (see
    /// <see cref="Fleet.AccountDir"/>). A process fleet's workers take theirs in <see cref="Fleet.StartWorkerAsync"/>.
    /// </summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];
}
