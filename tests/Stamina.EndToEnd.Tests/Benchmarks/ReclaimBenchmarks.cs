using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>How long a dead or frozen worker's item takes to start again elsewhere, with the product's default timings.</summary>
[TestFixture, Explicit("benchmark: run by scripts/bench.sh"), Category("Benchmark")]
[NonParallelizable] // a benchmark measures alone
public sealed class ReclaimBenchmarks
{
    static readonly FleetOptions Defaults = new() { Workers = 2, HeartbeatInterval = TimeSpan.FromSeconds(10), RetryBaseDelay = TimeSpan.FromSeconds(2) };

    [Test]
    public async Task Reclaim_latency_after_kill_9()
    {
        const int runs = 5;
        var latencies = await MeasureAsync(runs, Signals.Kill);
        BenchmarkReport.Write("reclaim-kill", $"""
            ## Reclaim latency after `kill -9`

            Default timings (heartbeat 10 s, lease 30 s, takeover after 12 s of silence). A worker holding an item
            is killed with SIGKILL; latency is from the kill to the start of the next attempt on another worker
            (the broker redelivers at once; the coordinator takes the claim over once the holder has been silent
            for one interval + 2 s). The kill comes right after the claim, so the holder's last sign of life is the
            claim itself: the worst case. A worker killed later in an attempt is taken over sooner, after what
            remains of the 12 s since its last heartbeat.
            {Summary(latencies)}
            Target: p50 ≤ 15 s.
            """);
    }

    [Test]
    public async Task Reclaim_latency_after_sigstop()
    {
        const int runs = 3;
        var latencies = await MeasureAsync(runs, Signals.Stop);
        BenchmarkReport.Write("reclaim-stop", $"""
            ## Reclaim latency after `SIGSTOP`

            Default timings. The holder is frozen with SIGSTOP (its connection stays open, so there is no
            redelivery); the lease reaper (every 2 s) reclaims the item once the 30 s lease has run out.
            {Summary(latencies)}
            Target: ≤ lease + reaper interval = 32 s (from the last heartbeat, which precedes the stop by up to 10 s).
            """);
    }

    static string Summary(List<double> latencies) =>
        $"{latencies.Count} runs: p50 {BenchmarkReport.Seconds(BenchmarkReport.Percentile(latencies, 50))}, " +
        $"max {BenchmarkReport.Seconds(latencies.Max())} (each: {string.Join(", ", latencies.Select(BenchmarkReport.Seconds))}).";

    /// <summary>Runs an item that hangs on its first attempt, sends <paramref name="signal"/> to its holder, and times the next attempt's start.</summary>
    static async Task<List<double>> MeasureAsync(int runs, int signal)
    {
        var latencies = new List<double>();
        await using var fleet = await Fleet.StartAsync(Defaults);
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

            var struck = DateTimeOffset.UtcNow;
            holder.Signal(signal);
            fleet.Retire(holder);
            var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromMinutes(2));
            latencies.Add((item.Attempts()[1].GetProperty("startedAt").GetDateTimeOffset() - struck).TotalSeconds);

            await holder.DisposeAsync();
            var orphan = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (Signals.IsAlive(orphan))
                Signals.Send(orphan, Signals.Kill);
            await fleet.StartWorkerAsync($"{holder.Name}-r{run}");
        }
        return latencies;
    }
}
