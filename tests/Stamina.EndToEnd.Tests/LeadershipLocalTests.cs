using System.Text.Json;
using System.Text.RegularExpressions;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary><c>stamina local</c> (SQLite, one process) has nobody to elect: it leads from the start and runs every loop.</summary>
[TestFixture]
public sealed class LeadershipLocalTests() : FleetTestBase(FleetMode.Local)
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task A_local_fleet_Should_lead_and_dispatch()
    {
        var answer = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/coordinator")).RootElement;
        Assert.That(answer.GetProperty("role").GetString(), Is.EqualTo("leader"));
        Assert.That(answer.GetProperty("leader").GetString(), Is.EqualTo(answer.GetProperty("replica").GetString()));
        Assert.That(Regex.IsMatch(await fleet.Api.GetStringAsync("/metrics"), @"^stamina_coordinator_leader(\{[^}]*\})? 1$", RegexOptions.Multiline), Is.True);

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();

        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
    }
}
