using Dapper;
using Npgsql;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>An account at its daily cap rests (its claims are refused until the day ends) while another account takes the work.</summary>
[TestFixture]
public sealed class AccountSpendCapTests : FleetTestBase
{
    private protected override FleetOptions Options => new()
    {
        Workers = 0,
        CoordinatorSettings = new Dictionary<string, string> { ["Stamina__Spend__Accounts__a__DailyUsd"] = "0.01" },
    };

    [Test]
    public async Task When_an_account_reaches_its_cap_Should_rest_its_worker_and_let_another_account_finish_the_work()
    {
        await fleet.StartWorkerAsync("worker-a", account: "a");
        var first = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake: succeed turns=1 cost=0.02" })).Id();
        await fleet.WaitForStateAsync(first, "Succeeded", TimeSpan.FromSeconds(60));

        // Alone past its cap, worker-a is refused: the next item says it waits for account a's cap.
        var held = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sleep", "0.3" } })).Id();
        await Eventually.UntilAsync(async () => (await fleet.ItemAsync(held)).TryGetProperty("waiting", out var waiting)
            && waiting.ValueKind == System.Text.Json.JsonValueKind.Object && waiting.Text("kind") == "cap",
            TimeSpan.FromSeconds(60), "the item to wait for account a's spend cap");
        await fleet.StartWorkerAsync("worker-b", account: "b");

        var ids = new List<Guid> { held };
        for (var i = 0; i < 4; i++)
            ids.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sleep", "0.3" } })).Id());
        foreach (var id in ids)
            await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));

        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        var accounts = await connection.QueryAsync<string>("select account from attempts where item_id = any(@ids)", new { ids = ids.ToArray() });
        Assert.That(accounts, Has.All.EqualTo("b"), "account a took nothing past its cap");
        var a = (await fleet.WorkersAsync()).Single(w => w.Text("name") == "worker-a");
        Assert.That(a.Text("state"), Is.EqualTo("limited"), "worker-a rests");
        var midnight = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        Assert.That(DateTimeOffset.Parse(a.Text("limitedUntil")!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(midnight),
            "until the (UTC) day ends");
    }
}
