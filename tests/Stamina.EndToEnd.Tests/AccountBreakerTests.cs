using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>An account whose attempts keep failing the same way rests; the other account's worker takes the items.</summary>
[TestFixture]
public sealed class AccountBreakerTests : FleetTestBase
{
    private protected override FleetOptions Options => new()
    {
        Workers = 0,
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__Breakers__Threshold"] = "2",
            ["Stamina__Breakers__CoolDown"] = "00:05:00",
        },
    };

    /// <summary>Fails on a worker whose environment says its account is broken; succeeds elsewhere.</summary>
    static readonly string[] FailsOnBrokenAccount =
        ["sh", "-c", "if [ -n \"$BREAKER_TEST_BROKEN\" ]; then echo \"error: token for account expired at $(date +%s)\" >&2; exit 4; fi; echo ok > out.txt"];

    [Test]
    public async Task When_an_accounts_attempts_fail_the_same_way_Should_rest_its_worker_while_the_other_account_takes_the_items()
    {
        await fleet.StartWorkerAsync("worker-a", account: "a", settings: new Dictionary<string, string> { ["BREAKER_TEST_BROKEN"] = "1" });
        // Every item in a repository of its own: only the account has anything in common.
        var ids = new List<Guid>();
        async Task SubmitAsync(int i)
        {
            var repo = GitRepository.CreateWithOneCommit(Path.Combine(fleet.Root, "repos", $"r{i}"));
            ids.Add((await fleet.SubmitAsync(new { repo = repo.Path, maxAttempts = 4, command = FailsOnBrokenAccount })).Id());
        }
        await SubmitAsync(0);
        await SubmitAsync(1);

        JsonElement breaker = default;
        await Eventually.UntilAsync(async () =>
        {
            var a = (await fleet.WorkersAsync()).Single(w => w.Text("name") == "worker-a");
            if (a.TryGetProperty("breaker", out breaker) && breaker.ValueKind == JsonValueKind.Object)
                return breaker.Text("status") == "open";
            return false;
        }, TimeSpan.FromSeconds(60), "worker-a to show its account's breaker open");
        Assert.That((breaker.Text("scope"), breaker.Text("key")), Is.EqualTo(("account", "a")));
        var openedAt = breaker.GetProperty("openedAt").GetDateTimeOffset();

        await fleet.StartWorkerAsync("worker-b", account: "b");
        for (var i = 2; i < 6; i++)
            await SubmitAsync(i);
        var items = new List<JsonElement>();
        foreach (var id in ids)
            items.Add(await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90)));

        var attempts = items.SelectMany(i => i.Attempts()).ToList();
        Assert.That(attempts.Where(a => a.Text("account") == "a" && a.GetProperty("startedAt").GetDateTimeOffset() > openedAt), Is.Empty,
            "account a took nothing while its breaker was open");
        Assert.That(attempts.Where(a => a.Text("outcome") == "succeeded").Select(a => a.Text("account")), Is.All.EqualTo("b"));
        var stats = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/stats")).RootElement;
        Assert.That(stats.GetProperty("breakers").EnumerateArray().Select(b => b.Text("key")), Is.EqualTo(new[] { "a" }), "stats lists the open breaker");
        // An operator's reset: an unknown id or a malformed one changes nothing; the real one closes it.
        var unknown = await fleet.Api.PostAsync($"/api/breakers/{Guid.NewGuid()}/reset", null);
        Assert.That((int)unknown.StatusCode, Is.EqualTo(404));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("no breaker with id"));
        Assert.That((int)(await fleet.Api.PostAsync("/api/breakers/not-an-id/reset", null)).StatusCode, Is.EqualTo(404));
        var reset = await fleet.Api.PostAsync($"/api/breakers/{breaker.Text("id")}/reset", null);
        Assert.That((int)reset.StatusCode, Is.EqualTo(200), await reset.Content.ReadAsStringAsync());
        var breakers = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/breakers")).RootElement.GetProperty("breakers");
        Assert.That(breakers.EnumerateArray().Select(b => b.Text("status")), Is.All.EqualTo("closed"),
            "closed (the repositories' breakers still count their one failure each)");
        Assert.That(breakers.EnumerateArray().Where(b => b.Text("scope") == "account"), Is.Empty, "the account's history forgotten");
        var metrics = await fleet.Api.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("stamina_breakers_opened_total{"));
    }
}
