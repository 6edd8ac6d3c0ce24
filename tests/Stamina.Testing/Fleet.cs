using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using NUnit.Framework;

namespace Stamina.Testing;

/// <summary>
/// A real fleet for one test, and a git repository under an allowed root. In <see cref="FleetMode.Processes"/>:
/// its own PostgreSQL database and RabbitMQ vhost, a coordinator process and worker processes. In
/// <see cref="FleetMode.Local"/>: one <c>stamina local</c> process with its workers, SQLite and the in-memory bus, which
/// the test may kill and start again on the same data directory (<see cref="RestartLocalAsync"/>).
/// </summary>
public sealed class Fleet : IAsyncDisposable
{
    static readonly string[] Harnesses = ["claude", "codex", "gemini"];

    readonly TemporaryDatabase? database;
    readonly TemporaryVirtualHost? virtualHost;
    readonly TemporaryDirectory directory;
    readonly FleetOptions options;
    readonly LocalStore? localStore;
    readonly List<ServiceProcess> workers = [];
    readonly List<ServiceProcess> retired = [];
    ServiceProcess? coordinator;
    string? coordinatorBroker;

    Fleet(TemporaryDatabase? database, TemporaryVirtualHost? virtualHost, TemporaryDirectory directory, FleetOptions options)
    {
        this.database = database;
        this.virtualHost = virtualHost;
        this.directory = directory;
        this.options = options;
        if (options.Mode == FleetMode.Local)
            localStore = new LocalStore(Path.Combine(directory.Path, "local"));
        else if (options.Accounts.Count > 0)
            throw new ArgumentException("a process fleet's workers take their accounts in StartWorkerAsync", nameof(options));
        Port = FreePorts.Next();
        Url = $"http://127.0.0.1:{Port}";
        Api = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        Items = new ItemApi(Api);
        Repository = GitRepository.CreateWithOneCommit(Path.Combine(directory.Path, "repos", "sample"));
    }

    public string ApiKey { get; private set; } = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    public FleetMode Mode => options.Mode;
    public int Port { get; }
    public string Url { get; }
    public HttpClient Api { get; }
    public ItemApi Items { get; }
    public GitRepository Repository { get; }
    public TemporaryVirtualHost VirtualHost => virtualHost ?? throw new InvalidOperationException("a local fleet has no broker");
    public string DatabaseConnectionString => options.PostgresConnectionString ?? database?.ConnectionString
        ?? throw new InvalidOperationException("a local fleet keeps SQLite");
    public string Root => directory.Path;
    public LocalStore LocalStore => localStore ?? throw new InvalidOperationException("a process fleet keeps PostgreSQL");

    /// <summary>The data directory of <c>stamina local</c> (its store, its API key).</summary>
    public string DataDir => LocalStore.DataDir;
    public IReadOnlyList<ServiceProcess> Workers => workers;
    /// <summary>The coordinator process, or in local mode the <c>stamina local</c> process.</summary>
    public ServiceProcess Coordinator => coordinator ?? throw new InvalidOperationException("no coordinator");

    public static async Task<Fleet> StartAsync(FleetOptions? options = null)
    {
        options ??= new FleetOptions();
        var fleet = options.Mode == FleetMode.Local
            ? new Fleet(null, null, new TemporaryDirectory(), options)
            : new Fleet(options.PostgresConnectionString is null ? await TemporaryDatabase.CreateAsync() : null, await TemporaryVirtualHost.CreateAsync(),
                new TemporaryDirectory(), options);
        try
        {
            if (options.Mode == FleetMode.Local)
            {
                await fleet.StartLocalAsync();
                return fleet;
            }
            if (options.CoordinatorBroker is { } prepare)
                fleet.coordinatorBroker = await prepare(fleet.VirtualHost);
            await fleet.StartCoordinatorAsync();
            for (var i = 1; i <= options.Workers; i++)
                await fleet.StartWorkerAsync($"w{i}");
            return fleet;
        }
        catch
        {
            fleet.WriteLogs(TestContext.Progress);
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts <c>stamina local</c> again on the same data directory after the test killed or stopped it (e.g. with
    /// <see cref="ServiceProcess.KillHardAsync"/>); the ended process's log is kept.
    /// </summary>
    public async Task RestartLocalAsync()
    {
        if (!Coordinator.HasExited)
            throw new InvalidOperationException("stop or kill stamina local before starting it again");
        retired.Add(Coordinator);
        coordinator = null;
        await StartLocalAsync();
    }

    /// <summary>One <c>stamina local</c> process: the coordinator and the workers, with the same test timings.</summary>
    async Task StartLocalAsync()
    {
        var dataDir = DataDir;
        var environment = new Dictionary<string, string>
        {
            ["Stamina__AllowedLocalRoots__0"] = Path.Combine(directory.Path, "repos"),
            ["Stamina__Leases__HeartbeatInterval"] = Format(options.HeartbeatInterval),
            ["Stamina__Leases__RetryBaseDelay"] = Format(options.RetryBaseDelay),
            ["Stamina__Dispatch__ReaperInterval"] = "00:00:00.500",
            ["Stamina__Dispatch__RepublishAfter"] = "00:00:05",
        };
        AddWorkerSettings(environment);
        foreach (var harness in Harnesses)
        {
            foreach (var account in options.Accounts)
                environment[$"Stamina__Accounts__{account}__{harness}"] = AccountDir(account);
        }
        foreach (var (key, value) in options.WorkerSettings.Concat(options.CoordinatorSettings))
            environment[key] = value;
        var arguments = new List<string>
        {
            "local", "--workers", options.Workers.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDir, "--port", Port.ToString(CultureInfo.InvariantCulture),
        };
        if (options.Accounts.Count > 0)
            arguments.AddRange(["--accounts", string.Join(',', options.Accounts)]);
        var label = retired.Count == 0 ? "local" : $"local, run {retired.Count + 1}";
        coordinator = ServiceProcess.Start(label, LocalProgram.Cli, arguments, environment);
        var keyFile = Path.Combine(dataDir, "api-key");
        await Eventually.UntilAsync(async () =>
        {
            if (coordinator.HasExited)
                throw new InvalidOperationException($"stamina local exited ({coordinator.ExitCode}): " + string.Join('\n', coordinator.Output.TakeLast(30)));
            if (!File.Exists(keyFile))
                return false;
            ApiKey = (await File.ReadAllTextAsync(keyFile)).Trim();
            Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
            try
            {
                return (await WorkersAsync()).Count(w => w.GetProperty("state").GetString() != "offline") == options.Workers;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "stamina local to be ready with its workers");
    }

    public async Task StartCoordinatorAsync() => coordinator = await LaunchCoordinatorAsync("coordinator", Url, Api);

    /// <summary>
    /// Starts another coordinator on the same database and broker, with the same settings, at its own address (as a second
    /// replica behind a load balancer would run); it is disposed and its log written with the fleet.
    /// </summary>
    public async Task<(ServiceProcess Process, HttpClient Api)> StartCoordinatorReplicaAsync(string label)
    {
        var api = NewApiClient($"http://127.0.0.1:{FreePorts.Next()}");
        var process = await LaunchCoordinatorAsync(label, api.BaseAddress!.ToString().TrimEnd('/'), api);
        retired.Add(process);
        return (process, api);
    }

    /// <summary>An API client for a coordinator at <paramref name="url"/> with the fleet's key.</summary>
    public HttpClient NewApiClient(string url)
    {
        var api = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return api;
    }

    async Task<ServiceProcess> LaunchCoordinatorAsync(string label, string url, HttpClient api)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = DatabaseConnectionString,
            ["ConnectionStrings__RabbitMq"] = coordinatorBroker ?? VirtualHost.AmqpUri,
            ["Stamina__ApiKey"] = ApiKey,
            ["Stamina__AllowedLocalRoots__0"] = Path.Combine(directory.Path, "repos"),
            ["Stamina__Leases__HeartbeatInterval"] = Format(options.HeartbeatInterval),
            ["Stamina__Leases__RetryBaseDelay"] = Format(options.RetryBaseDelay),
            ["Stamina__Dispatch__ReaperInterval"] = "00:00:00.500",
            ["Stamina__Dispatch__RepublishAfter"] = "00:00:05",
        };
        foreach (var (key, value) in options.CoordinatorSettings)
            environment[key] = value;
        var process = StartService(label, "Coordinator", "stamina-coordinator", ["--urls", url], environment);
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the {label} exited: " + string.Join('\n', process.Output.TakeLast(30)));
            try
            {
                return (await api.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), $"the {label} to be ready");
        return process;
    }

    /// <summary>
    /// Starts a worker. Every agent harness runs the fake agent unless <paramref name="settings"/> says
    /// otherwise; an account gets its own config dir under the fleet's folder (see <see cref="AccountDir"/>).
    /// </summary>
    /// <param name="launcher">Runs the worker through this command, e.g. <c>ip netns exec NAME</c> (see <c>NetworkNamespace</c>).</param>
    public async Task<ServiceProcess> StartWorkerAsync(string name, string? account = null, IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyList<string>? launcher = null)
    {
        var arguments = new List<string> { "--pool", "default", "--name", name, "--work-dir", Path.Combine(directory.Path, "workers", name), "--urls", "http://127.0.0.1:0" };
        var environment = new Dictionary<string, string>();
        if (account is not null)
        {
            arguments.AddRange(["--account", account]);
            foreach (var harness in Harnesses)
                environment[$"Stamina__Accounts__{account}__{harness}"] = AccountDir(account);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var worker = LaunchWorker(name, arguments, environment, launcher);
        await WaitForWorkerAsync(worker, name);
        return worker;
    }

    /// <summary>
    /// Starts a worker process with exactly <paramref name="arguments"/> (no name, work directory or address
    /// added) and the fleet's settings plus <paramref name="settings"/>; does not wait for it.
    /// </summary>
    public ServiceProcess LaunchWorker(string label, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyList<string>? launcher = null)
    {
        if (options.Mode == FleetMode.Local)
            throw new InvalidOperationException("a local fleet's workers live in its one process");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__RabbitMq"] = VirtualHost.AmqpUri,
            ["Stamina__Worker__ClaimWaitLimit"] = "00:00:30",
            ["Stamina__Worker__BrokerPatience"] = "00:00:03",
        };
        AddWorkerSettings(environment);
        foreach (var (key, value) in options.WorkerSettings.Concat(settings ?? new Dictionary<string, string>()))
            environment[key] = value;
        var worker = StartService(label, "Worker", "stamina-worker", arguments, environment, launcher);
        workers.Add(worker);
        return worker;
    }

    /// <summary>Every worker's settings, in both modes: the test timings, the sandbox and the fake agent as every harness.</summary>
    void AddWorkerSettings(Dictionary<string, string> environment)
    {
        environment["Stamina__Worker__HeartbeatInterval"] = Format(options.HeartbeatInterval);
        environment["Stamina__Worker__DrainTimeout"] = Format(options.DrainTimeout);
        environment["Stamina__Worker__CheckpointInterval"] = Format(options.CheckpointInterval);
        environment["Stamina__Worker__Sandbox"] = options.Sandbox;
        for (var i = 0; i < options.SandboxNetwork.Count; i++)
            environment[$"Stamina__Worker__SandboxNetwork__{i}"] = options.SandboxNetwork[i];
        foreach (var harness in Harnesses)
            environment[$"Stamina__Harnesses__{harness}__Executable"] = RepositoryRoot.FakeAgent;
    }

    /// <summary>A service's own program, or the installed tool's command for it (<see cref="FleetOptions.Tool"/>).</summary>
    ServiceProcess StartService(string label, string project, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string>? launcher = null) =>
        options.Tool is { } tool
            ? ServiceProcess.StartProgram(label, [tool, project.ToLowerInvariant()], arguments, environment, directory.Path, launcher)
            : ServiceProcess.Start(label, RepositoryRoot.Program(project, assembly), arguments, environment, launcher);

    /// <summary>Waits until <c>GET /api/workers</c> shows <paramref name="name"/> as not offline.</summary>
    public async Task WaitForWorkerAsync(ServiceProcess worker, string name, TimeSpan? timeout = null) =>
        await Eventually.UntilAsync(async () =>
        {
            if (worker.HasExited)
                throw new InvalidOperationException($"worker {name} exited: " + string.Join('\n', worker.Output.TakeLast(30)));
            return (await WorkersAsync()).Any(w => w.GetProperty("name").GetString() == name && w.GetProperty("state").GetString() != "offline");
        }, timeout ?? TimeSpan.FromSeconds(60), $"worker {name} to report");

    /// <summary>An account's agent config dir (created on first use), shared by every harness in tests.</summary>
    public string AccountDir(string account) => Directory.CreateDirectory(Path.Combine(directory.Path, "accounts", account)).FullName;

    public async Task<(byte[] Body, bool Complete)> TranscriptAsync(Guid id, int attempt, long offset = 0)
    {
        using var response = await Api.GetAsync($"/api/items/{id}/attempts/{attempt}/transcript?offset={offset}");
        response.EnsureSuccessStatusCode();
        var complete = response.Headers.TryGetValues("Stamina-Transcript-Complete", out var values) && values.Single() == "true";
        return (await response.Content.ReadAsByteArrayAsync(), complete);
    }

    /// <summary>Stops tracking a worker that a test killed, keeping its log.</summary>
    public void Retire(ServiceProcess worker)
    {
        workers.Remove(worker);
        retired.Add(worker);
    }

    public async Task RestartCoordinatorAsync()
    {
        Coordinator.Signal(Signals.Terminate);
        await Coordinator.WaitForExitAsync(TimeSpan.FromSeconds(60));
        retired.Add(Coordinator);
        await StartCoordinatorAsync();
    }

    public Task<JsonElement> SubmitAsync(object body) => Items.SubmitAsync(body);

    public Task<JsonElement> ItemAsync(Guid id) => Items.ItemAsync(id);

    public Task<IReadOnlyList<JsonElement>> WorkersAsync() => Items.WorkersAsync();

    public Task<JsonElement> WaitForStateAsync(Guid id, string state, TimeSpan timeout) => Items.WaitForStateAsync(id, state, timeout);

    public void WriteLogs(TextWriter writer)
    {
        foreach (var process in retired.Concat(workers).Append(coordinator).OfType<ServiceProcess>())
            process.WriteLogTo(writer);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in workers.Concat(retired).Append(coordinator).OfType<ServiceProcess>())
            await process.DisposeAsync();
        Api.Dispose();
        if (virtualHost is not null)
            await virtualHost.DisposeAsync();
        if (database is not null)
            await database.DisposeAsync();
        OrphanAgents.KillUnder(directory.Path);
        directory.Dispose();
    }

    static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
