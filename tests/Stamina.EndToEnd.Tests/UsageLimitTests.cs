using System.Text.Json;
using Dapper;
using Npgsql;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>A usage limit moves work to another account instead of failing it.</summary>
[TestFixture]
public sealed class UsageLimitTests : FleetTestBase
{
    static readonly TimeSpan Reset = TimeSpan.FromSeconds(20);

    private protected override FleetOptions Options => new() { Workers = 0 };

    [Test]
    public async Task When_account_A_hits_its_limit_Should_finish_everything_on_B_and_A_resumes_after_the_reset()
    {
        // Account A's first run hits a limit that resets 20 s later; B has no limit.
        File.WriteAllText(Path.Combine(fleet.AccountDir("a"), "fake-agent.json"),
            JsonSerializer.Serialize(new { usageLimit = new { afterRuns = 0, resetInSeconds = (int)Reset.TotalSeconds, times = 1 } }));
        await fleet.StartWorkerAsync("worker-a", account: "a");
        await fleet.StartWorkerAsync("worker-b", account: "b");

        var ids = new List<Guid>();
        for (var i = 0; i < 14; i++)
            ids.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = $"item {i}\nfake: succeed turns=1 delay=2s" })).Id());

        var sawLimited = false;
        await Eventually.UntilAsync(async () =>
        {
            var a = (await fleet.WorkersAsync()).Single(w => w.Text("name") == "worker-a");
            sawLimited |= a.Text("state") == "limited" && a.Text("limitedUntil") is not null;
            return sawLimited;
        }, TimeSpan.FromSeconds(60), "worker-a to show its account limited");

        foreach (var id in ids)
            await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(180));

        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        var attempts = (await connection.QueryAsync<(string Account, DateTimeOffset StartedAt, string Outcome, string? ErrorClass, DateTimeOffset? LimitedUntil)>(
            "select account, started_at, outcome, error_class, account_limited_until from attempts order by started_at")).ToList();
        Assert.That(attempts.Where(a => a.Outcome is "failed" or "timedOut" or "lost"), Is.Empty, "no failure counted");
        var limit = attempts.Single(a => a.ErrorClass == "usage_limit");
        Assert.That((limit.Account, limit.Outcome), Is.EqualTo(("a", "released")));
        Assert.That(limit.LimitedUntil, Is.Not.Null);
        Assert.That(attempts.Where(a => a.Account == "a" && a.StartedAt > limit.StartedAt && a.StartedAt < limit.LimitedUntil), Is.Empty,
            "account A took no item before its reset");
        Assert.That(attempts.Any(a => a.Account == "a" && a.StartedAt >= limit.LimitedUntil && a.Outcome == "succeeded"), Is.True,
            "account A took items again after its reset");
        var failures = await connection.ExecuteScalarAsync<long>("select coalesce(sum(failures), 0) from work_items");
        Assert.That(failures, Is.Zero);
        var metrics = await fleet.Api.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("stamina_account_limits_total"));
    }
}
