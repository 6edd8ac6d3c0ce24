using System.Diagnostics;
using Dapper;
using Npgsql;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>Stamina's overhead against GNU parallel doing the same git work, and the claim latency of idle workers.</summary>
[TestFixture, Explicit("benchmark: run by scripts/bench.sh"), Category("Benchmark")]
[NonParallelizable] // a benchmark measures alone
public sealed class ThroughputBenchmarks
{
    const string Command = "echo x > touched.txt";

    [Test, Category(BenchmarkMode.QuickCategory)]
    public async Task Overhead_against_gnu_parallel()
    {
        var items = BenchmarkMode.Pick(200, 40);
        // The quick run keeps to one round (CI's time): it runs again anyway when a ratio breaks its bound.
        // Five in a full run: the first Stamina round carries four new workers' compilation (about 1.5× the others), and
        // the median of three was then the slower of the other two on a machine whose rounds vary by a quarter.
        var rounds = BenchmarkMode.Pick(5, 1);
        await using var fleet = await Fleet.StartAsync(ProductTimings.Fleet(4));

        // Rounds side by side, each variant's median kept: one round on a shared machine can stall for seconds.
        var bare = new List<TimeSpan>();
        var pushing = new List<TimeSpan>();
        var stamina = new List<OverheadRound>();
        for (var round = 1; round <= rounds; round++)
        {
            // Every variant starts from the same repository: each one's branches and worktrees go before the next runs
            // (an earlier variant's 400 branches made each Stamina item fetch them once and compare them all as it started).
            bare.Add(RunGnuParallel(fleet.Root, fleet.Repository, items, $"bare{round}", push: false));
            RemoveVariant(fleet, $"bare{round}");
            pushing.Add(RunGnuParallel(fleet.Root, fleet.Repository, items, $"pushing{round}", push: true));
            RemoveVariant(fleet, $"pushing{round}");
            stamina.Add(await RunStaminaAsync(fleet, items, round));
            DeleteBranches(fleet.Repository, "stamina");
        }

        var median = stamina.OrderBy(r => r.Elapsed).ElementAt(rounds / 2);
        var (bareMedian, pushingMedian, staminaMedian) = (Median(bare), Median(pushing), median.Elapsed);
        // Quick bound ≤ 12×: the quick run is one round of 40 items on the Debug build, mostly the new workers compiling
        // their first items (4.85× on a quiet machine, where the full run measures 1.7–1.8×); 12× still catches a doubling
        // of that with room for a loaded machine.
        var ratio = BenchmarkReport.Ratio("overhead", "overhead: Stamina / GNU parallel", staminaMedian / bareMedian,
            goal: RatioBound.AtMost(1.5), bound: RatioBound.AtMost(12)).Value;
        BenchmarkReport.Write("overhead", $"""
            ## Overhead against GNU parallel

            {items} items whose command is `{Command}`, on 4 workers at the product's default timings (a heartbeat every
            10 s), submitted as one batch (`POST /api/batches`, as
            GNU parallel is given its whole list), from the submit to the last item succeeded (dispatch, claim, mirror
            check, worktree, command, commit, push to the repository, diff summary, result, worktree retired as a spare).
            Baseline in the same run: GNU parallel with 4 slots doing `git worktree add`, the command, `git add` and
            `git commit` for {items} worktrees of the same repository. {rounds} rounds, each variant once per round in turn,
            each variant's branches and worktrees deleted before the next variant runs; the median round of each is compared.

            | | rounds | median | per item |
            |---|---|---|---|
            | GNU parallel, 4 slots | {Rounds(bare)} | {BenchmarkReport.Seconds(bareMedian.TotalSeconds)} | {BenchmarkReport.Milliseconds(bareMedian.TotalMilliseconds / items)} |
            | GNU parallel, 4 slots, and `git push` of each branch to a bare clone | {Rounds(pushing)} | {BenchmarkReport.Seconds(pushingMedian.TotalSeconds)} | {BenchmarkReport.Milliseconds(pushingMedian.TotalMilliseconds / items)} |
            | Stamina, 4 workers | {Rounds([.. stamina.Select(r => r.Elapsed)])} | {BenchmarkReport.Seconds(staminaMedian.TotalSeconds)} | {BenchmarkReport.Milliseconds(staminaMedian.TotalMilliseconds / items)} |

            Ratio: **{ratio:0.00}×** (goal ≤ 1.5×, 1.1× hoped for); against the loop that also pushes, as every Stamina item
            does, {(staminaMedian / pushingMedian).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}×.

            In Stamina's median round, per item: {Ms(median.AttemptSeconds)} from the granted claim to the accepted result
            (mirror check, worktree, command, commit, push, diff summary, result), {Ms(median.GapSeconds)} of each worker's
            time between its result and its next claim (dispatch, delivery, claim), {Ms(median.WorkerCpuSeconds)} of CPU in
            the workers and their child processes (of which {Ms(median.WorkerOwnCpuSeconds)} in the worker processes themselves, the
            rest in git and the command), {Ms(median.CoordinatorCpuSeconds)} in the coordinator;
            both cores were {median.MachineBusy * 100:0}% busy.

            Where the difference goes: the repository here is a path on the machine, so an item reads its refs in
            process and fetches only when they moved (every item here pushes only its own attempt branch, which the
            fetch leaves out, so none fetches); its worktree is the last item's spare, reset to the base (three small
            git processes instead of `worktree add`; retiring it runs none); it then runs the command (under `setsid`,
            the leash and `sh`) and `git add`; the commit, the push into the repository (the objects it lacks, then the
            branch: docs/architecture.md, "The push to a repository on this machine") and the diff summary are written in
            process (docs/architecture.md, "Where an item's time goes", "Spare worktrees"). It also makes
            three broker exchanges and the saga's transactions in PostgreSQL, and the coordinator, the broker, the
            database and four worker processes share the same 2 cores as the git work. With a no-op command this
            fixed cost is all there is; for an agent run of minutes it is a fraction of a percent.
            """);
    }

    /// <summary>One Stamina round: its wall time and where an item's time went.</summary>
    sealed record OverheadRound(TimeSpan Elapsed, double AttemptSeconds, double GapSeconds, double WorkerCpuSeconds,
        double WorkerOwnCpuSeconds, double CoordinatorCpuSeconds, double MachineBusy);

    static async Task<OverheadRound> RunStaminaAsync(Fleet fleet, int items, int round)
    {
        var tasks = Enumerable.Range(0, items)
            .Select(i => new { key = $"r{round}-{i}", repo = fleet.Repository.Path, baseRef = "main", command = new[] { "sh", "-c", Command } })
            .ToArray();
        var machine = MachineCpu.Read();
        var workerCpu = fleet.Workers.Sum(w => ProcessStats.CpuSecondsWithChildren(w.Id));
        var workerOwnCpu = fleet.Workers.Sum(w => ProcessStats.CpuSeconds(w.Id));
        var coordinatorCpu = ProcessStats.CpuSeconds(fleet.Coordinator.Id);
        var started = Stopwatch.GetTimestamp();
        var batch = (await fleet.CreateBatchAsync(new { name = $"overhead-{round}", items = tasks })).Id();
        var ended = await fleet.WaitForBatchEndAsync(batch, TimeSpan.FromMinutes(10));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var busy = MachineCpu.Read().BusyShareSince(machine);
        Assert.That(ended.GetProperty("items").EnumerateArray().All(i => i.Text("state") == "Succeeded"), Is.True, ended.ToString());

        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        var attempts = (await connection.QueryAsync<double>("""
            select extract(epoch from (a.ended_at - a.started_at)) from attempts a join work_items w on w.id = a.item_id
            where w.batch_id = @batch
            """, new { batch })).ToList();
        return new OverheadRound(elapsed, attempts.Average(), (elapsed.TotalSeconds * fleet.Workers.Count - attempts.Sum()) / items,
            (fleet.Workers.Sum(w => ProcessStats.CpuSecondsWithChildren(w.Id)) - workerCpu) / items,
            (fleet.Workers.Sum(w => ProcessStats.CpuSeconds(w.Id)) - workerOwnCpu) / items,
            (ProcessStats.CpuSeconds(fleet.Coordinator.Id) - coordinatorCpu) / items, busy);
    }

    static string Ms(double seconds) => BenchmarkReport.Milliseconds(seconds * 1000);

    /// <summary>Deletes a GNU parallel variant's worktrees and branches from the repository.</summary>
    static void RemoveVariant(Fleet fleet, string variant)
    {
        Directory.Delete(Path.Combine(fleet.Root, variant), recursive: true);
        fleet.Repository.Git("worktree", "prune");
        DeleteBranches(fleet.Repository, variant);
    }

    static void DeleteBranches(GitRepository repository, params string[] prefixes)
    {
        var branches = repository.Git([.. prefixes.Select(p => $"refs/heads/{p}/").Prepend("--format=%(refname:short)").Prepend("for-each-ref")])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (branches.Length > 0)
            repository.Git(["branch", "--quiet", "-D", .. branches]);
    }

    static TimeSpan Median(List<TimeSpan> rounds) => rounds.Order().ElementAt(rounds.Count / 2);

    static string Rounds(List<TimeSpan> rounds) => string.Join(" / ", rounds.Select(r => BenchmarkReport.Seconds(r.TotalSeconds)));

    [Test]
    public async Task Claim_latency_with_idle_workers()
    {
        const int items = 100;
        await using var fleet = await Fleet.StartAsync(ProductTimings.Fleet(4));
        // Warm-up: each worker's first request builds its request client and response endpoint.
        for (var i = 0; i < 8; i++)
        {
            var warmUp = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, baseRef = "main", command = new[] { "true" } })).Id();
            await fleet.WaitForStateAsync(warmUp, "Succeeded", TimeSpan.FromMinutes(1));
        }
        var ids = new List<Guid>();
        for (var i = 0; i < items; i++)
        {
            var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, baseRef = "main", command = new[] { "true" } })).Id();
            await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromMinutes(1));
            ids.Add(id);
        }

        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        var latencies = (await connection.QueryAsync<double>("""
            select extract(epoch from (a.started_at - w.published_at)) * 1000
            from work_items w join attempts a on a.item_id = w.id and a.number = 1
            where w.id = any(@ids)
            """, new { ids = ids.ToArray() })).ToList();
        BenchmarkReport.Write("claim-latency", $"""
            ## Claim latency with idle workers

            {items} items submitted one after another to 4 idle workers, after 8 warm-up items; latency from the moment the
            dispatcher records the item as published (`published_at`, just before the send with publisher confirms) to the
            granted claim (`attempts.started_at`), both stamped by the coordinator's clock.
            p50 {BenchmarkReport.Milliseconds(BenchmarkReport.Percentile(latencies, 50))},
            p95 {BenchmarkReport.Milliseconds(BenchmarkReport.Percentile(latencies, 95))},
            p99 {BenchmarkReport.Milliseconds(BenchmarkReport.Percentile(latencies, 99))},
            max {BenchmarkReport.Milliseconds(latencies.Max())}. Target: p99 < 100 ms.
            """);
    }

    /// <summary>
    /// GNU parallel doing the bare loop, timed; with <paramref name="push"/> each branch is also pushed to a bare clone of
    /// the repository (made first, outside the timing), as each Stamina item pushes its branch to its repository.
    /// </summary>
    static TimeSpan RunGnuParallel(string root, GitRepository repository, int items, string variant, bool push)
    {
        var script = Path.Combine(root, $"{variant}.sh");
        var trees = Path.Combine(root, variant);
        var origin = Path.Combine(root, $"{variant}-origin.git");
        if (push)
            repository.Git("clone", "--quiet", "--bare", repository.Path, origin);
        File.WriteAllText(script, $"""
            set -e
            tree="{trees}/$1"
            # git's worktree bookkeeping is not safe to run concurrently (Stamina takes a lock for it too).
            flock "{repository.Path}/.git/baseline.lock" git -C "{repository.Path}" worktree add --quiet -b "{variant}/$1" "$tree" main
            cd "$tree"
            {Command}
            git add --all
            git -c user.name=Bench -c user.email=bench@localhost commit --quiet --no-verify -m "{variant} $1"
            {(push ? $"git push --quiet \"{origin}\" \"HEAD:refs/heads/{variant}/$1\"" : "")}
            """);
        var start = new ProcessStartInfo("parallel") { RedirectStandardError = true };
        foreach (var argument in new[] { "--jobs", "4", "--halt", "now,fail=1", "bash", script, ":::" })
            start.ArgumentList.Add(argument);
        for (var i = 0; i < items; i++)
            start.ArgumentList.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (process.ExitCode != 0)
            throw new InvalidOperationException("GNU parallel failed: " + error);
        return elapsed;
    }
}
