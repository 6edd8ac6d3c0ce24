using System.Net;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>Bad input that needs a worker to be seen: unknown ids and forbidden moves on a real item, a poison message.</summary>
[TestFixture]
public sealed class BadInputTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_ids_are_unknown_or_malformed_Should_answer_404_or_400_and_409_for_a_forbidden_move()
    {
        Assert.That((await fleet.Api.GetAsync($"/api/items/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await fleet.Api.GetAsync("/api/items/not-an-id")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await fleet.Api.PostAsync($"/api/items/{Guid.NewGuid()}/cancel", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await fleet.Api.GetAsync("/api/items?state=Sleeping")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That((await fleet.Api.PostAsync($"/api/items/{id}/retry", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await fleet.Api.GetAsync($"/api/items/{id}/attempts/2/transcript")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await fleet.Api.GetAsync($"/api/items/{id}/attempts/0/transcript")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await fleet.Api.GetAsync($"/api/items/{id}/attempts/1/transcript?offset=-4")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await fleet.Api.GetAsync($"/api/items/{id}/attempts/1/transcript?offset=999999")).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "an offset past the end reads nothing");
        Assert.That((await fleet.Api.PostAsync("/api/workers/nobody/resume", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await fleet.Api.PostAsync($"/api/items/{id}/cancel", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task When_an_unparseable_message_reaches_a_worker_Should_end_in_the_error_queue_and_the_worker_keeps_working()
    {
        await PoisonMessage.DeadLetterAsync(fleet);

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(fleet.Workers[0].HasExited, Is.False);
    }
}
