using System.Net;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Board;

/// <summary><c>GET /api/events</c> on a real fleet and in local mode: state changes arrive as they happen, and only with a key.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class BoardEventTests(FleetMode mode) : FleetTestBase(mode)
{
    [Test]
    public async Task An_item_event_Should_arrive_for_each_state_the_item_reaches()
    {
        await using var events = await EventStream.StartAsync(fleet.Url, fleet.ApiKey);
        await events.WaitForAsync("hello", _ => true, TimeSpan.FromSeconds(10), "the greeting");
        await events.WaitForAsync("worker", w => w.GetProperty("state").GetString() == "idle", TimeSpan.FromSeconds(10), "an idle worker's state");

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo hi > out.txt" } })).Id();

        bool Mine(System.Text.Json.JsonElement e, string state) => e.GetProperty("id").GetGuid() == id && e.GetProperty("state").GetString() == state;
        var done = await events.WaitForAsync("item", e => Mine(e, "Succeeded"), TimeSpan.FromSeconds(60), $"item {id} to succeed");
        Assert.That(done.GetProperty("attempt").GetInt32(), Is.EqualTo(1));
        Assert.That(done.GetProperty("pool").GetString(), Is.EqualTo("default"));
    }

    [TestCase(null)]
    [TestCase("not-the-key-not-the-key-not-the-key")]
    public async Task A_stream_without_the_key_Should_be_refused(string? key)
    {
        using var client = new HttpClient();
        using var response = await EventStream.OpenAsync(client, fleet.Url, key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
