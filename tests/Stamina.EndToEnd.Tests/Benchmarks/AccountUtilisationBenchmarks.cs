using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>Every account stays busy while work waits: usage limits cost only the limited account's rest.</summary>
[TestFixture, Explicit("benchmark: run by scripts/bench.sh"), Category("Benchmark")]
[NonParallelizable] // a benchmark measures alone
public sealed class AccountUtilisationBenchmarks
{
    const int Items = 60;
    static readonly TimeSpan Reset = TimeSpan.FromSeconds(15);
    static readonly string[] Accounts = ["a", "b", "c"];

    [Test]
    public async Task Account_utilisation_with_usage_limits()
    {
        await using var fleet = await Fleet.StartAsync(new FleetOptions { Workers = 0, HeartbeatInterval = TimeSpan.FromSeconds(2) });
        for (var i = 0; i < Accounts.Length; i++)
        {
            // Each account hits one limit, at a different point of the run.
            File.WriteAllText(Path.Combine(fleet.AccountDir(Accounts[i]), "fake-agent.json"), JsonSerializer.Serialize(
                new { usageLimit = new { afterRuns = 2 + (5 * i), resetInSeconds = (int)Reset.TotalSeconds, times = 1 } }));
            await fleet.StartWorkerAsync($"worker-{Accounts[i]}", Accounts[i]);
        }
        var ids = new List<Guid>();
        for (var i = 0; i < Items; i++)
            ids.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = $"item {i}\nfake: succeed turns=2 delay=1s" })).Id());
        foreach (var id in ids)
            await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromMinutes(10));

        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        // Npgsql reads timestamptz as UTC DateTime.
        var attempts = (await connection.QueryAsync<(string Account, DateTime StartedAt, DateTime? EndedAt, string? ErrorClass, DateTime? LimitedUntil)>(
            "select account, started_at, ended_at, error_class, account_limited_until from attempts"))
            .Select(a => new AttemptSpan(a.Account, Utc(a.StartedAt), a.EndedAt is { } ended ? Utc(ended) : null, a.ErrorClass,
                a.LimitedUntil is { } until ? Utc(until) : null)).ToList();
        var submittedAt = Utc(await connection.ExecuteScalarAsync<DateTime>("select min(created_at) from work_items"));
        // Work was queued until the last item was claimed.
        var queueEmptyAt = attempts.Where(a => a.ErrorClass is null).Max(a => a.StartedAt);
        var rows = new List<string>();
        double busyTotal = 0, availableTotal = 0;
        foreach (var account in Accounts)
        {
            var mine = attempts.Where(a => a.Account == account).ToList();
            var limited = mine.Where(a => a.ErrorClass == "usage_limit").Select(a => (From: a.EndedAt!.Value, To: a.LimitedUntil!.Value)).ToList();
            var available = Intervals.Subtract([(submittedAt, queueEmptyAt)], limited);
            // Running an item: from the claim to the accepted result, limited attempts included (the agent ran).
            var busy = Intervals.Intersect(mine.Select(a => (a.StartedAt, a.EndedAt ?? queueEmptyAt)).ToList(), available);
            var availableSeconds = Intervals.Seconds(available);
            var busySeconds = Intervals.Seconds(busy);
            busyTotal += busySeconds;
            availableTotal += availableSeconds;
            rows.Add($"| {account} | {mine.Count(a => a.ErrorClass is null)} | {limited.Count} | {availableSeconds:0.0} s | {busySeconds:0.0} s | {Percent(busySeconds / availableSeconds)} |");
        }
        var overall = busyTotal / availableTotal;
        BenchmarkReport.Write("account-utilisation", $"""
            ## Account utilisation under usage limits

            {Items} items (the fake agent playing Claude: 2 turns, 1 s apart) on 3 accounts, one worker each; each account
            hits one usage limit (after 2, 7 and 12 runs) that resets {Reset.TotalSeconds:0} s later. Utilisation is the share of
            account-time spent running items while work was queued and the account was not limited; the gaps are the
            worker's own work between two agent runs (fetch, worktree, push, result, next claim).

            | account | items | limits | available | running | utilisation |
            |---|---|---|---|---|---|
            {string.Join("\n", rows)}

            Overall: **{Percent(overall)}**. Target: ≥ 95%.
            """);
    }

    static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    sealed record AttemptSpan(string Account, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? ErrorClass, DateTimeOffset? LimitedUntil);
}
