using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Bad input gets a clear error naming the problem and loses nothing. Every case is refused before anything is
/// stored, so the cases share one fleet (no worker: none is needed to refuse), and each checks that the store is still
/// empty, which also catches a case before it that stored something.
/// </summary>
[TestFixture]
public sealed class BadSubmissionTests : SharedFleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 0 };

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

        await FieldProblem.AssertNamesAsync(await fleet.Api.PostAsync("/api/items", content), field);

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
}
