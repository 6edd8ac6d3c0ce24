using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

[TestFixture]
public sealed class PriorityTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 0 };

    [Test]
    public async Task When_work_waits_Should_leave_the_database_in_priority_order()
    {
        var low = new List<Guid>();
        for (var i = 0; i < 6; i++)
            low.Add((await fleet.SubmitAsync(new { repo = fleet.Repository.Path, priority = 0, command = new[] { "true" } })).Id());
        var urgent = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, priority = 100, command = new[] { "true" } })).Id();

        await fleet.StartWorkerAsync("w1");

        var finished = await fleet.WaitForStateAsync(urgent, "Succeeded", TimeSpan.FromSeconds(60));
        var urgentStart = finished.Attempts()[0].GetProperty("startedAt").GetDateTimeOffset();
        var lowStarts = new List<DateTimeOffset>();
        foreach (var id in low)
            lowStarts.Add((await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60))).Attempts()[0].GetProperty("startedAt").GetDateTimeOffset());

        // Only the few messages already in the queue (one per consumer plus a buffer of 2) can go before it.
        Assert.That(lowStarts.Count(start => start < urgentStart), Is.LessThanOrEqualTo(3));
    }
}
