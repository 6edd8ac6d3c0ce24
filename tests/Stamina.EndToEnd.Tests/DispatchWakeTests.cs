using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A submission wakes the dispatcher: its message leaves at once, not at the dispatcher's next tick. The tick here is the
/// longest allowed (a minute), so an item that waited for it could not end within the deadlines below.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class DispatchWakeTests(FleetMode mode) : FleetTestBase(mode)
{
    static readonly TimeSpan WellBeforeTheTick = TimeSpan.FromSeconds(30);

    private protected override FleetOptions Options => new()
    {
        Workers = 1,
        CoordinatorSettings = new Dictionary<string, string> { ["Stamina__Dispatch__PollInterval"] = "00:01:00" },
    };

    [Test]
    public async Task When_an_item_is_submitted_Should_dispatch_it_without_waiting_for_the_tick()
    {
        var item = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();

        await fleet.WaitForStateAsync(item, "Succeeded", WellBeforeTheTick);
    }

    [Test]
    public async Task When_a_batch_is_submitted_Should_dispatch_it_without_waiting_for_the_tick()
    {
        var batch = (await fleet.CreateBatchAsync(new
        {
            name = "woken",
            items = new[]
            {
                new { key = "a", repo = fleet.Repository.Path, command = new[] { "true" } },
                new { key = "b", repo = fleet.Repository.Path, command = new[] { "true" } },
            },
        })).Id();

        var ended = await fleet.WaitForBatchEndAsync(batch, WellBeforeTheTick);
        Assert.That(ended.GetProperty("items").EnumerateArray().Select(i => i.Text("state")), Is.All.EqualTo("Succeeded"));
    }
}
