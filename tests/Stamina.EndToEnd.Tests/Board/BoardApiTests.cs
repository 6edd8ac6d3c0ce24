using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Board;

/// <summary>What the board relies on, over HTTP: filters, the read-only key, the cap on streams, the page's security headers.</summary>
public sealed class BoardApiTests : FleetTestBase
{
    const string ReadOnlyKey = "read-only-key-read-only-key-0123456789";

    private protected override FleetOptions Options => new()
    {
        Workers = 1,
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__ReadOnlyApiKey"] = ReadOnlyKey,
            ["Stamina__Board__MaxSubscribers"] = "2",
            ["Stamina__Board__PollInterval"] = "00:00:00.200",
            ["Stamina__Board__KeepAlive"] = "00:00:00.500",
            ["Stamina__RequestTimeout"] = "00:00:02",
        },
    };

    async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await fleet.Api.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Test]
    public async Task Filters_Should_select_by_label_and_account_and_refuse_bad_values_by_name()
    {
        var red = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" }, labels = new { team = "red" } })).Id();
        var blue = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" }, labels = new { team = "blue" } })).Id();
        await fleet.WaitForStateAsync(red, "Succeeded", TimeSpan.FromSeconds(60));

        var (status, body) = await GetAsync("/api/items?label=team%3Dred&since=1h&state=succeeded");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("items").EnumerateArray().Select(i => i.Id()), Is.EqualTo(new[] { red }));
        var account = (await GetAsync("/api/items?account=nobody")).Body;
        Assert.That(account.GetProperty("items").GetArrayLength(), Is.Zero);
        var future = (await GetAsync("/api/items?since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O")))).Body;
        Assert.That(future.GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That(blue, Is.Not.EqualTo(red));

        var (badStatus, problem) = await GetAsync("/api/items?label=team&since=soon&limit=0&account=");
        Assert.That(badStatus, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "label", "since", "limit", "account" }));
    }

    [Test]
    public async Task The_read_only_key_Should_listen_and_read_but_not_act()
    {
        using var reader = new HttpClient { BaseAddress = new Uri(fleet.Url) };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadOnlyKey);

        Assert.That(JsonDocument.Parse(await reader.GetStringAsync("/api/access")).RootElement.GetProperty("access").GetString(), Is.EqualTo("read"));
        Assert.That((await GetAsync("/api/access")).Body.GetProperty("access").GetString(), Is.EqualTo("full"));
        await using (var events = await EventStream.StartAsync(fleet.Url, ReadOnlyKey))
            await events.WaitForAsync("hello", _ => true, TimeSpan.FromSeconds(10), "the greeting");
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sleep", "30" } })).Id();
        using var cancel = await reader.PostAsync($"/api/items/{id}/cancel", null);
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await fleet.ItemAsync(id)).State(), Is.Not.EqualTo("Cancelled"));
    }

    [Test]
    public async Task A_quiet_stream_Should_outlive_the_request_deadline_with_pings()
    {
        await using var events = await EventStream.StartAsync(fleet.Url, fleet.ApiKey);
        var started = DateTimeOffset.UtcNow;

        for (var i = 0; i < 8; i++)
            await events.WaitForAsync("ping", _ => true, TimeSpan.FromSeconds(5), $"ping {i + 1}");

        Assert.That(DateTimeOffset.UtcNow - started, Is.GreaterThan(TimeSpan.FromSeconds(3)), "past Stamina:RequestTimeout (2 s), still open");
    }

    [Test]
    public async Task Streams_beyond_the_cap_Should_answer_503_until_one_closes()
    {
        var first = await EventStream.StartAsync(fleet.Url, fleet.ApiKey);
        await using var second = await EventStream.StartAsync(fleet.Url, fleet.ApiKey);
        using var client = new HttpClient();

        using (var third = await EventStream.OpenAsync(client, fleet.Url, fleet.ApiKey))
        {
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await third.Content.ReadAsStringAsync(), Does.Contain("Stamina:Board:MaxSubscribers"));
        }
        await first.DisposeAsync();

        await Eventually.UntilAsync(async () =>
        {
            using var again = await EventStream.OpenAsync(client, fleet.Url, fleet.ApiKey);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), "a closed stream to free its place");
    }

    [Test]
    public async Task The_page_and_its_files_Should_be_served_under_a_policy_with_nothing_inline()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(fleet.Url) };
        using var page = await anonymous.GetAsync("/");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(policy, Does.Contain("script-src 'self'").And.Not.Contain("unsafe"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("<style>").And.Not.Contain(" style="), "nothing inline");

        foreach (var file in new[] { "board.js", "api.js", "chart.js", "transcript.js", "board.css" })
        {
            using var response = await anonymous.GetAsync("/web/" + file);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), file);
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        }
        foreach (var path in new[] { "/web/nope.js", "/web/..%2Fstamina-coordinator.dll", "/web/Stamina.Coordinator.Web.board.js" })
        {
            using var missing = await anonymous.GetAsync(path);
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }
    }
}
