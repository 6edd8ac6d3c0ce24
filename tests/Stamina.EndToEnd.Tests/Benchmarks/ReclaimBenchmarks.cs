using System.Globalization;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>How long a dead or frozen worker's item takes to start again elsewhere, with the product's default timings.</summary>
[TestFixture, Explicit("benchmark: run by scripts/bench.sh"), Category("Benchmark")]
[NonParallelizable] // a benchmark measures alone
public sealed class ReclaimBenchmarks
{
    static readonly FleetOptions Defaults = new() { Workers = 2, HeartbeatInterval = TimeSpan.FromSeconds(10), RetryBaseDelay = TimeSpan.FromSeconds(2) };

    /// <summary>Today's rule alone, as the baseline: the broker is not asked about the holder (the setting's off switch).</summary>
    static readonly FleetOptions SilenceOnly = Defaults with
    {
        CoordinatorSettings = new Dictionary<string, string> { ["Stamina__Leases__DeadHolderConfirmation"] = "00:00:00" },
    };

    /// <summary>The product's lease (3 heartbeats of 10 s) and reconnect allowance (35 s): a new leader judges nothing sooner.</summary>
    static readonly TimeSpan LeaderJudgesAfter = TimeSpan.FromSeconds(30 + 35);

    [Test]
    public async Task Reclaim_latency_after_kill_9()
    {
        const int runs = 5;
        var baseline = await MeasureAsync(runs, Signals.Kill, SilenceOnly);
        var latencies = await MeasureAsync(runs, Signals.Kill, Defaults);
        var ratio = BenchmarkReport.Percentile(latencies, 50) / BenchmarkReport.Percentile(baseline, 50);
        BenchmarkReport.Write("reclaim-kill", $"""
            ## Reclaim latency after `kill -9`

            Default timings (heartbeat 10 s, lease 30 s, takeover after 12 s of silence, dead-holder confirmation 1 s). A
            worker holding an item is killed with SIGKILL; latency is from the kill to the start of the next attempt on
            another worker. The broker redelivers at once and deletes the killed process's exclusive queues; the
            coordinator finds them gone (a passive `queue.declare` answers 404), answers "ask again in 1 s", finds them
            still gone and takes the claim over. Baseline in the same run: the same kills with the broker not asked
            (`Stamina:Leases:DeadHolderConfirmation` = 0), where the claim waits for 12 s of silence; the kill comes right
            after the claim, so the holder's last sign of life is the claim itself: that rule's worst case.
            Dead-holder probe, {Summary(latencies)}
            Silence rule (baseline), {Summary(baseline)}
            Ratio: **{ratio.ToString("0.00", CultureInfo.InvariantCulture)}×** (p50 against p50). Target: p50 ≤ 3 s.
            """);
    }

    [Test]
    public async Task Reclaim_latency_after_sigstop()
    {
        const int runs = 3;
        var latencies = await MeasureAsync(runs, Signals.Stop, Defaults);
        BenchmarkReport.Write("reclaim-stop", $"""
            ## Reclaim latency after `SIGSTOP`

            Default timings. The holder is frozen with SIGSTOP (its connection stays open, so there is no
            redelivery, and its queues stay: the broker is no help); the lease reaper (every 2 s) reclaims the item once
            the 30 s lease has run out.
            {Summary(latencies)}
            Target: ≤ lease + reaper interval = 32 s (from the last heartbeat, which precedes the stop by up to 10 s).
            """);
    }

    static string Summary(List<double> latencies) =>
        $"{latencies.Count} runs: p50 {BenchmarkReport.Seconds(BenchmarkReport.Percentile(latencies, 50))}, " +
        $"max {BenchmarkReport.Seconds(latencies.Max())} (each: {string.Join(", ", latencies.Select(BenchmarkReport.Seconds))}).";

    /// <summary>Runs an item that hangs on its first attempt, sends <paramref name="signal"/> to its holder, and times the next attempt's start.</summary>
    static async Task<List<double>> MeasureAsync(int runs, int signal, FleetOptions options)
    {
        var latencies = new List<double>();
        await using var fleet = await Fleet.StartAsync(options);
        await Eventually.UntilAsync(() => Task.FromResult(fleet.Coordinator.Output.Any(line => line.Contains("is now the leader", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the coordinator to lead");
        // Measured in steady state: a coordinator that has just begun to lead gives every holder a lease and the
        // reconnect allowance first (it cannot tell its own start from an outage), whichever rule would take over.
        var judgesFrom = DateTimeOffset.UtcNow + LeaderJudgesAfter;
        for (var run = 0; run < runs; run++)
        {
            var pidFile = Path.Combine(fleet.Root, $"run{run}.pid");
            var id = (await fleet.SubmitAsync(new
            {
                repo = fleet.Repository.Path,
                command = new[] { "sh", "-c", $"if [ \"$STAMINA_ATTEMPT\" = 1 ]; then echo $$ > '{pidFile}'; exec sleep 600; fi; true" },
            })).Id();
            var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
            await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
            var holder = fleet.Workers.Single(w => w.Name == running.Text("holder"));
            if (judgesFrom > DateTimeOffset.UtcNow)
                await Task.Delay(judgesFrom - DateTimeOffset.UtcNow);

            var struck = DateTimeOffset.UtcNow;
            holder.Signal(signal);
            fleet.Retire(holder);
            var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromMinutes(2));
            latencies.Add((item.Attempts()[1].GetProperty("startedAt").GetDateTimeOffset() - struck).TotalSeconds);

            await holder.DisposeAsync();
            var orphan = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            if (Signals.IsAlive(orphan))
                Signals.Send(orphan, Signals.Kill);
            await fleet.StartWorkerAsync($"{holder.Name}-r{run}");
        }
        return latencies;
    }
}
