using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Chaos;

/// <summary>
/// A fleet on a PostgreSQL cluster of its own, with one worker in its own network namespace; a stream of items
/// whose commands record when they work; and, meanwhile, faults one after another at random (seeded). The history is
/// three-sided: <c>chaos.log</c> (what the run did, when), the commands' <c>ticks.log</c> (when each attempt worked),
/// and the coordinator's journal (attempts, results, stale reports). <see cref="ChaosChecker"/> reads all three.
/// </summary>
sealed class ChaosRun : IAsyncDisposable
{
    readonly ChaosOptions options;
    readonly PrivatePostgres postgres;
    readonly RemoteWorkerHost? network;
    readonly Random random;
    readonly List<Guid> items = [];
    readonly Dictionary<FaultKind, int> faults = [];
    readonly List<string> unexpectedExits = [];
    readonly StreamWriter log;
    Fleet fleet = null!;
    bool brokerStopped;

    ChaosRun(ChaosOptions options, PrivatePostgres postgres, RemoteWorkerHost? network)
    {
        this.options = options;
        this.postgres = postgres;
        this.network = network;
        random = new Random(options.Seed);
        History = Directory.CreateTempSubdirectory("stamina-chaos-").FullName;
        log = new StreamWriter(Path.Combine(History, "chaos.log")) { AutoFlush = true };
    }

    /// <summary>Where chaos.log and ticks.log are written; kept after the run.</summary>
    public string History { get; }

    string TicksFile => Path.Combine(History, "ticks.log");

    string NetworkWorker => $"chaos-{options.Workers}";

    public static async Task<ChaosRun> StartAsync(ChaosOptions options)
    {
        var postgres = await PrivatePostgres.StartAsync();
        RemoteWorkerHost? network;
        try
        {
            network = RemoteWorkerHost.IsAvailable ? RemoteWorkerHost.Create() : null;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
        var run = new ChaosRun(options, postgres, network);
        try
        {
            run.fleet = await Fleet.StartAsync(new FleetOptions
            {
                Workers = 0,
                HeartbeatInterval = options.HeartbeatInterval,
                CheckpointInterval = TimeSpan.FromSeconds(3),
                PostgresConnectionString = postgres.ConnectionString,
            });
            for (var i = 1; i <= options.Workers; i++)
                await run.StartWorkerAsync($"chaos-{i}");
            run.Note($"started: seed {options.Seed}, {options.Workers} workers{(network is null ? "" : $", {run.NetworkWorker} in namespace {network.Name}")}");
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async Task<ChaosReport> RunAsync()
    {
        var until = DateTime.UtcNow + options.Duration;
        await Task.WhenAll(SubmitUntilAsync(until), InjectUntilAsync(until));
        Note($"faults over; waiting for {items.Count} items to end");
        await DrainAsync();
        Note("every item ended");
        await RestartExitedWorkersAsync();
        var report = await new ChaosChecker(fleet, options, History).CheckAsync(faults, postgres.ConnectionString);
        return report with { Violations = [.. unexpectedExits, .. report.Violations] };
    }

    public void WriteLogs(TextWriter writer) => fleet?.WriteLogs(writer);

    /// <summary>
    /// Waits for the backlog to end. A loaded machine leaves a long queue behind a long run, and that is slowness, not a
    /// lost item: the run fails only when no item ends for <see cref="ChaosOptions.Stall"/> (something is stuck).
    /// </summary>
    async Task DrainAsync()
    {
        var last = await UnfinishedAsync();
        var progressed = DateTime.UtcNow;
        while (last != 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = await UnfinishedAsync();
            if (now >= 0 && (last < 0 || now < last))
            {
                last = now;
                progressed = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - progressed > options.Stall)
            {
                throw new TimeoutException($"no chaos item ended for {options.Stall}; {last} still unfinished");
            }
        }
    }

    async Task SubmitUntilAsync(DateTime until)
    {
        while (DateTime.UtcNow < until)
        {
            var ticks = random.Next(10, 60); // 2 to 12 s of work
            try
            {
                var id = (await fleet.SubmitAsync(new
                {
                    repo = fleet.Repository.Path,
                    command = new[]
                    {
                        "sh", "-c",
                        "n=$1 history=$2; i=0; while [ $i -lt $n ]; do echo \"$(date +%s%3N) $STAMINA_ITEM_ID $STAMINA_ATTEMPT $$\" >> \"$history\"; i=$((i+1)); sleep 0.2; done; echo \"$STAMINA_ITEM_ID\" > result.txt",
                        "chaos-item", ticks.ToString(CultureInfo.InvariantCulture), TicksFile,
                    },
                    maxAttempts = 1, // any failure of its own would fail it: the run proves none is counted
                })).Id();
                lock (items)
                    items.Add(id);
                Note($"submitted {id} ({ticks * 0.2:0.0} s of work)");
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                // The coordinator is down right now: a person would submit again, and so do we, later.
                Note($"submit refused while the coordinator is away: {exception.Message}");
            }
            await Task.Delay(options.SubmitEvery);
        }
    }

    async Task InjectUntilAsync(DateTime until)
    {
        var kinds = options.Faults.Where(k => k != FaultKind.CutNetwork || network is not null).ToArray();
        await Task.Delay(options.FaultPause);
        while (DateTime.UtcNow < until)
        {
            await RestartExitedWorkersAsync();
            var kind = kinds[random.Next(kinds.Length)];
            faults[kind] = faults.GetValueOrDefault(kind) + 1;
            await InjectAsync(kind);
            await Task.Delay(options.FaultPause + TimeSpan.FromMilliseconds(random.NextDouble() * options.FaultPause.TotalMilliseconds));
        }
    }

    async Task InjectAsync(FaultKind kind)
    {
        var leases = options.Lease * (2 + random.NextDouble());
        switch (kind)
        {
            case FaultKind.KillWorker:
                {
                    var worker = fleet.Workers[random.Next(fleet.Workers.Count)];
                    Note($"fault: kill -9 {worker.Name}");
                    worker.Signal(Signals.Kill);
                    await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
                    fleet.Retire(worker);
                    await Task.Delay(TimeSpan.FromSeconds(random.Next(1, 4)));
                    await StartWorkerAsync(worker.Name);
                    Note($"restored: {worker.Name} started again");
                    break;
                }
            case FaultKind.FreezeWorker:
                {
                    var worker = fleet.Workers[random.Next(fleet.Workers.Count)];
                    Note($"fault: SIGSTOP {worker.Name} for {leases.TotalSeconds:0.0} s");
                    worker.Signal(Signals.Stop);
                    await Task.Delay(leases);
                    worker.Signal(Signals.Continue);
                    Note($"restored: SIGCONT {worker.Name}");
                    break;
                }
            case FaultKind.RestartCoordinator:
                {
                    var signal = random.Next(2) == 0 ? Signals.Kill : Signals.Terminate;
                    Note($"fault: coordinator stopped by signal {signal}");
                    fleet.Coordinator.Signal(signal);
                    await fleet.Coordinator.WaitForExitAsync(TimeSpan.FromSeconds(60));
                    await Task.Delay(options.Lease * random.NextDouble() * 2);
                    await fleet.StartCoordinatorAsync();
                    Note("restored: coordinator started again");
                    break;
                }
            case FaultKind.RestartBroker:
                {
                    var pause = TimeSpan.FromSeconds(random.Next(1, 6));
                    Note($"fault: RabbitMQ stop_app for {pause.TotalSeconds:0} s");
                    brokerStopped = true;
                    await SharedBroker.StopAsync();
                    await Task.Delay(pause);
                    await SharedBroker.StartAsync();
                    brokerStopped = false;
                    Note("restored: RabbitMQ start_app");
                    break;
                }
            case FaultKind.RestartDatabase:
                {
                    var pause = TimeSpan.FromSeconds(random.Next(2, 11));
                    Note($"fault: PostgreSQL stopped for {pause.TotalSeconds:0} s");
                    await postgres.StopServerAsync();
                    await Task.Delay(pause);
                    await postgres.StartServerAsync();
                    Note("restored: PostgreSQL started");
                    break;
                }
            case FaultKind.CutNetwork:
                Note($"fault: {NetworkWorker}'s network cut for {leases.TotalSeconds:0.0} s");
                network!.Cut();
                await Task.Delay(leases);
                network.Restore();
                Note($"restored: {NetworkWorker}'s network");
                break;
        }
    }

    /// <summary>A worker that ended on its own (no fault of ours killed it) is a violation; it is started again, as a supervisor would.</summary>
    async Task RestartExitedWorkersAsync()
    {
        foreach (var worker in fleet.Workers.Where(w => w.HasExited).ToList())
        {
            var why = $"worker {worker.Name} exited by itself with code {worker.ExitCode}: {string.Join(" | ", worker.Output.TakeLast(8))}";
            Note(why);
            unexpectedExits.Add(why);
            fleet.Retire(worker);
            await StartWorkerAsync(worker.Name);
        }
    }

    Task StartWorkerAsync(string name) => name == NetworkWorker && network is not null
        ? network.StartWorkerAsync(fleet, name)
        : fleet.StartWorkerAsync(name);

    async Task<long> UnfinishedAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(postgres.ConnectionString);
            return await connection.ExecuteScalarAsync<long>("select count(*) from work_items where state not in ('Succeeded', 'Failed', 'Cancelled')");
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }

    void Note(string what)
    {
        lock (log)
            log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {what}");
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever happened, leave the shared broker running and nothing frozen.
        if (brokerStopped)
            await SharedBroker.StartAsync();
        if (fleet is not null)
        {
            foreach (var worker in fleet.Workers)
                TryContinue(() => worker);
            TryContinue(() => fleet.Coordinator);
        }
        network?.Restore();
        if (fleet is not null)
            await fleet.DisposeAsync();
        if (network is not null)
            await network.DisposeAsync();
        await postgres.DisposeAsync();
        await log.DisposeAsync();
    }

    static void TryContinue(Func<ServiceProcess> process)
    {
        try
        {
            if (!process().HasExited)
                process().Signal(Signals.Continue);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
