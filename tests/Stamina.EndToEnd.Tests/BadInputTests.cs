using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>Bad input gets a clear error naming the problem and loses nothing.</summary>
[TestFixture]
public sealed class BadInputTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    static IEnumerable<TestCaseData> BadSubmissions()
    {
        yield return new TestCaseData("{\"repo\": ", "body").SetName("malformed JSON");
        yield return new TestCaseData("[1, 2]", "body").SetName("not an object");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"comand\":[\"true\"]}", "body").SetName("unknown field");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"harness\":\"nope\",\"command\":[\"true\"]}", "harness").SetName("unknown harness");
        yield return new TestCaseData("{\"command\":[\"true\"]}", "repo").SetName("missing repo");
        yield return new TestCaseData("{\"repo\":\"ext::sh -c touch% /tmp/pwned\",\"command\":[\"true\"]}", "repo").SetName("ext transport");
        yield return new TestCaseData("{\"repo\":\"/etc\",\"command\":[\"true\"]}", "repo").SetName("path outside the allow-list");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"baseRef\":\"main..evil\",\"command\":[\"true\"]}", "baseRef").SetName("baseRef with ..");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"baseRef\":\"-x\",\"command\":[\"true\"]}", "baseRef").SetName("baseRef with a leading dash");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"baseRef\":\"ma\\u0001in\",\"command\":[\"true\"]}", "baseRef").SetName("baseRef with a control character");
        yield return new TestCaseData("{\"repo\":\"REPO\"}", "command").SetName("command harness without a command");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"command\":[\"true\"],\"timeout\":\"soon\"}", "timeout").SetName("unreadable timeout");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"command\":[\"true\"],\"maxAttempts\":0}", "maxAttempts").SetName("zero attempts");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"command\":[\"true\"],\"pool\":\"../x\"}", "pool").SetName("bad pool name");
        yield return new TestCaseData("{\"repo\":\"REPO\",\"command\":[\"true\"],\"prompt\":\"" + new string('x', 10 * 1024 * 1024) + "\"}", "prompt").SetName("10 MB prompt");
    }

    [TestCaseSource(nameof(BadSubmissions))]
    public async Task When_a_submission_is_invalid_Should_answer_400_naming_the_field_and_store_nothing(string body, string field)
    {
        body = body.Replace("REPO", fleet.Repository.Path, StringComparison.Ordinal);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await fleet.Api.PostAsync("/api/items", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out var messages), Is.True, problem.ToString());
        Assert.That(messages[0].GetString(), Is.Not.Empty);
        var list = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/items")).RootElement;
        Assert.That(list.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task When_the_api_key_is_missing_or_wrong_Should_answer_401()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(fleet.Url) };
        Assert.That((await anonymous.GetAsync("/api/items")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        Assert.That((await anonymous.GetAsync("/api/workers")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "probes need no key");
        var page = await anonymous.GetAsync("/");
        Assert.That((page.StatusCode, page.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "text/html")), "the page holds no data");
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("/web/board.js"));
        var script = await anonymous.GetAsync("/web/board.js");
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the board's script holds no data either");
        Assert.That(await script.Content.ReadAsStringAsync(), Does.Contain("/api/workers"));
    }

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
