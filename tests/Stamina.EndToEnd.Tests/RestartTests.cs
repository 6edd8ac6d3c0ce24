using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

[TestFixture]
public sealed class RestartTests : FleetTestBase
{
    [Test]
    public async Task When_the_coordinator_restarts_while_items_run_Should_lose_nothing()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await fleet.SubmitAsync(new
            {
                repo = fleet.Repository.Path,
                command = new[] { "sh", "-c", "sleep 1; echo \"$STAMINA_ITEM_ID\" > item.txt" },
            })).Id());
        }
        await fleet.WaitForStateAsync(ids[0], "Running", TimeSpan.FromSeconds(60));

        await fleet.RestartCoordinatorAsync();

        foreach (var id in ids)
        {
            var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromMinutes(2));
            Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "item.txt"), Is.EqualTo(id.ToString()));
        }
    }
}
