using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// The coordinator's capacity, with simulated workers (<see cref="SimulatedFleet"/>) against a real coordinator process
/// on the real broker and database, at the product's default timings. <c>STAMINA_BENCH_QUICK=1</c> runs smaller counts
/// and shorter windows that give the same ratios (for CI).
/// </summary>
[NonParallelizable]
[TestFixture, Explicit("benchmark: run by scripts/bench.sh"), Category("Benchmark")]
public sealed class CapacityBenchmarks
{
    static readonly bool Quick = Environment.GetEnvironmentVariable("STAMINA_BENCH_QUICK") == "1";
    static readonly TimeSpan Interval = ProductTimings.HeartbeatInterval;

    /// <summary>The product's defaults, its coordinator logging warnings only (a line per message would be the console's cost).</summary>
    static readonly FleetOptions Defaults = ProductTimings.Fleet(0, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });

    [Test]
    public async Task Control_plane_throughput()
    {
        var (workers, items, warmUp) = Quick ? (20, 600, 150) : (50, 3000, 4000);
        await using var fleet = await Fleet.StartAsync(Defaults);
        var baseline = await BrokerDatabaseBaseline.ItemsPerSecondAsync(fleet.VirtualHost.AmqpUri, fleet.DatabaseConnectionString, items, workers);

        await using var simulated = await SimulatedFleet.StartAsync(fleet.VirtualHost.AmqpUri, workers, Interval);
        // Steady state, as a coordinator runs through a night. A fresh process compiles its hot paths again and again
        // (tiered compilation with PGO) for its first half-minute of work: after 600 items its compiler thread still
        // took a quarter of its CPU (perf), after 4,000 about 1%.
        await SubmitAsync(fleet, "warm-up", warmUp);
        await simulated.StartWorkingAsync(fleet.VirtualHost.AmqpUri);
        await Eventually.UntilAsync(() => simulated.Completed >= warmUp, TimeSpan.FromMinutes(5), $"{warmUp} warm-up items to complete");
        simulated.ResetCounts();

        var coordinatorCpu = ProcessUsage.CpuTime(fleet.Coordinator.Id);
        var sampler = await QueueSampler.StartAsync(fleet.VirtualHost.AmqpUri, Stamina.ServiceDefaults.Messaging.PoolQueues.QueueName("default"));
        var started = Stopwatch.GetTimestamp();
        var batches = await SubmitAsync(fleet, "capacity", items);
        var submitRate = items / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Eventually.UntilAsync(() => simulated.Completed >= items, TimeSpan.FromMinutes(10), $"{items} items to complete");
        await sampler.DisposeAsync();
        var cpuShare = (ProcessUsage.CpuTime(fleet.Coordinator.Id) - coordinatorCpu) / Stopwatch.GetElapsedTime(started);
        var elapsed = Stopwatch.GetElapsedTime(started, simulated.LastCompletion);
        var rate = items / elapsed.TotalSeconds;

        // Proven from outside: every item succeeded.
        foreach (var batch in batches)
        {
            var ended = await fleet.WaitForBatchEndAsync(batch, TimeSpan.FromMinutes(1));
            Assert.That(ended.GetProperty("items").EnumerateArray().All(i => i.Text("state") == "Succeeded"), Is.True, ended.ToString());
        }

        var ratio = rate / baseline;
        BenchmarkReport.Write("capacity", $"""
            ## Coordinator capacity: control-plane throughput

            {workers} simulated workers (in the benchmark's process: register, heartbeat every {Interval.TotalSeconds:0} s, take
            `ExecuteWorkItem` from the pool's quorum queue with a prefetch of one, claim, complete at once as succeeded,
            acknowledge; no git, no agent) against one coordinator process at the product's default timings. After a warm-up
            of {warmUp} items, {items} items are submitted through `POST /api/batches` ({Number(submitRate)} items/s) to the
            working fleet; timed from the first submission until every completion was accepted.

            | | items/s |
            |---|---|
            | baseline: confirmed publish + consume + one PostgreSQL transaction per item, {workers} consumers | {Number(baseline)} |
            | Stamina: dispatch + claim + complete per item | {Number(rate)} |
            | ratio (Stamina / baseline) | {ratio.ToString("0.00", CultureInfo.InvariantCulture)} |

            The coordinator used {Percent(cpuShare)} of one core meanwhile; {simulated.Rejected} claims were refused (duplicates).
            Mean round trip of a claim {Milliseconds(simulated.MeanRoundTrips.Claim)}, of a completion
            {Milliseconds(simulated.MeanRoundTrips.Completion)}; the rest of each worker's time ({Milliseconds(IdlePerItem(workers, elapsed, items, simulated))}
            per item) went between its completion and its next claim: waiting for a message, or for its own turn on the
            CPU. The pool's queue had no ready message in {Percent(sampler.EmptyShare)} of samples (every 20 ms); an empty
            queue is not by itself the limit (docs/architecture.md, "What limits the coordinator").
            Goal: ≥ 1,000 items/s on 2 cores, about 0.9 of the baseline.
            """);
    }

    [Test]
    public async Task Idle_workers_cost()
    {
        const int workers = 1000;
        var window = Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);
        await using var fleet = await Fleet.StartAsync(Defaults);
        var pid = fleet.Coordinator.Id;
        // Past start-up (JIT, migrations, first passes) before anything is measured.
        await Task.Delay(Interval);
        var (idleCpu, idleMemory) = await ProcessUsage.MeasureAsync(pid, window);

        await using var simulated = await SimulatedFleet.StartAsync(fleet.VirtualHost.AmqpUri, workers, Interval);
        // One whole interval, so every worker has sent a heartbeat and registration's burst is over.
        await Task.Delay(Interval);
        var (busyCpu, busyMemory) = await ProcessUsage.MeasureAsync(pid, window);
        var heard = (await fleet.WorkersAsync()).Count(w => w.GetProperty("state").GetString() != "offline");
        Assert.That(heard, Is.EqualTo(workers), "every simulated worker is heard");

        BenchmarkReport.Write("idle-workers", $"""
            ## Coordinator cost of {workers} idle workers

            {workers} simulated workers registered and heartbeating every {Interval.TotalSeconds:0} s (the default; spread over the
            interval as independent processes would be), nothing to do; CPU of the coordinator process from `/proc/PID/stat`
            over {window.TotalSeconds:0} s, memory its resident set.

            | | CPU (share of one core) | memory (RSS) |
            |---|---|---|
            | baseline: the same coordinator, no workers | {Percent(idleCpu)} | {Number(idleMemory)} MiB |
            | {workers} idle workers | {Percent(busyCpu)} | {Number(busyMemory)} MiB |
            | difference | {Percent(busyCpu - idleCpu)} | {Number(busyMemory - idleMemory)} MiB |

            Goal: < 25% of one core with {workers} workers.
            """);
    }

    /// <summary>No-op items in batches of 500, as a night's queue arrives.</summary>
    static async Task<List<Guid>> SubmitAsync(Fleet fleet, string name, int items)
    {
        var batches = new List<Guid>();
        const int batchSize = 500;
        for (var offset = 0; offset < items; offset += batchSize)
        {
            var tasks = Enumerable.Range(offset, Math.Min(batchSize, items - offset))
                .Select(i => new { key = $"t{i}", repo = fleet.Repository.Path, command = new[] { "true" } }).ToArray();
            batches.Add((await fleet.CreateBatchAsync(new { name, items = tasks })).Id());
        }
        return batches;
    }

    static double IdlePerItem(int workers, TimeSpan elapsed, int items, SimulatedFleet simulated) =>
        workers * elapsed.TotalMilliseconds / items - simulated.MeanRoundTrips.Claim - simulated.MeanRoundTrips.Completion;

    static string Milliseconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    static string Number(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
