using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A repository whose items all fail the same way trips its breaker: the rest wait (not fail), one probe runs after
/// each cool-down, and once the repository is fixed the probe succeeds and everything runs.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class BreakerTests(FleetMode mode) : FleetTestBase(mode)
{
    static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(4);

    private protected override FleetOptions Options => new()
    {
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__Breakers__Threshold"] = "2",
            ["Stamina__Breakers__Window"] = "00:01:00",
            ["Stamina__Breakers__CoolDown"] = "00:00:04",
            ["Stamina__Breakers__MaxCoolDown"] = "00:00:30",
        },
    };

    /// <summary>Fails (the same way, up to ids and numbers) until the repository has a file named <c>fixed</c>.</summary>
    static readonly string[] BrokenUntilFixed =
        ["sh", "-c", "if [ -f fixed ]; then echo ok > out.txt; exit 0; fi; echo \"fatal: cannot build $STAMINA_ITEM_ID in /tmp/build/$STAMINA_ATTEMPT\" >&2; exit 3"];

    [Test]
    public async Task When_a_repositorys_items_fail_the_same_way_Should_hold_the_rest_probe_once_per_cool_down_and_run_them_when_fixed()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
            ids.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, maxAttempts = 6, command = BrokenUntilFixed })).Id());

        // Opens at two failed items; the probe after the first cool-down fails the same way and opens it for twice as long.
        var periods = new Dictionary<int, (DateTimeOffset From, DateTimeOffset Until)>();
        var sawWaiting = false;
        await Eventually.UntilAsync(async () =>
        {
            if (await RepoBreakerAsync() is { } breaker && breaker.Text("status") == "open")
            {
                periods[breaker.GetProperty("trips").GetInt32()] =
                    (breaker.GetProperty("openedAt").GetDateTimeOffset(), breaker.GetProperty("openUntil").GetDateTimeOffset());
                if (!sawWaiting)
                {
                    foreach (var id in ids)
                    {
                        var item = await fleet.ItemAsync(id);
                        sawWaiting |= item.State() == "Queued" && item.TryGetProperty("waiting", out var waiting)
                            && waiting.ValueKind == JsonValueKind.Object && waiting.Text("kind") == "breaker";
                    }
                }
            }
            return periods.ContainsKey(2);
        }, TimeSpan.FromSeconds(60), "the repository's breaker to open, and open again after a failed probe");
        Assert.That(sawWaiting, Is.True, "a queued item shows it waits for the breaker");
        Assert.That(periods[2].Until - periods[2].From, Is.EqualTo(2 * CoolDown).Within(TimeSpan.FromMilliseconds(5)), "the cool-down doubled");

        File.WriteAllText(Path.Combine(fleet.Repository.Path, "fixed"), "");
        fleet.Repository.Git("add", "fixed");
        fleet.Repository.Git("-c", "user.name=Test", "-c", "user.email=test@localhost", "commit", "--quiet", "-m", "fixed");

        var items = new List<JsonElement>();
        foreach (var id in ids)
            items.Add(await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90)));

        var attempts = items.SelectMany(i => i.Attempts()).ToList();
        foreach (var (trips, (from, until)) in periods)
        {
            Assert.That(attempts.Where(a => a.GetProperty("startedAt").GetDateTimeOffset() is var at && at > from && at < until), Is.Empty,
                $"no attempt of the repository started while its breaker was open (opening {trips})");
        }

        Assert.That(items.Count(i => i.Attempts().Count == 1 && i.GetProperty("failures").GetInt32() == 0), Is.GreaterThanOrEqualTo(2),
            "the items that waited kept their attempts");
        Assert.That(attempts.Count(a => a.Text("outcome") == "failed"), Is.LessThanOrEqualTo(5), "two to open, one probe, and what was running");
        Assert.That(await RepoBreakerAsync(), Is.Null, "closed by the probe's success, its history forgotten");
    }

    async Task<JsonElement?> RepoBreakerAsync()
    {
        var breakers = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/breakers")).RootElement.GetProperty("breakers");
        foreach (var breaker in breakers.EnumerateArray())
        {
            if (breaker.Text("scope") == "repo" && breaker.Text("key") == fleet.Repository.Path && breaker.Text("status") != "closed")
                return breaker.Clone();
        }

        return null;
    }
}
