using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>Every error is a problem, overload and slowness answer 503 with Retry-After, and the read-only key only reads.</summary>
[TestFixture]
public sealed class ApiHardeningTests : FleetTestBase
{
    const string ReadOnlyKey = "read-only-key-0123456789abcdef";

    private protected override FleetOptions Options => new()
    {
        Workers = 0,
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__ReadOnlyApiKey"] = ReadOnlyKey,
            ["Stamina__MaxConcurrentRequests"] = "1",
            ["Stamina__RequestQueueLimit"] = "0",
            ["Stamina__RequestTimeout"] = "00:00:02",
        },
    };

    static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        return problem;
    }

    [TestCase("timeout", "\"1e300s\"")]
    [TestCase("timeout", "1e300")]
    [TestCase("timeout", "\"Infinityh\"")]
    [TestCase("timeout", "\"NaN\"")]
    [TestCase("timeout", "-5")]
    [TestCase("stallTimeout", "\"1e300m\"")]
    [TestCase("stallTimeout", "\"99999999999999h\"")]
    public async Task When_a_duration_overflows_Should_answer_400_naming_the_field(string field, string value)
    {
        var harness = field == "stallTimeout" ? "\"harness\":\"claude\",\"prompt\":\"p\"" : "\"command\":[\"true\"]";
        using var content = new StringContent($"{{\"repo\":\"{fleet.Repository.Path}\",{harness},\"{field}\":{value}}}", Encoding.UTF8, "application/json");

        var problem = await AssertProblemAsync(await fleet.Api.PostAsync("/api/items", content), HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
    }

    [Test]
    public async Task When_a_route_method_or_body_is_wrong_Should_answer_a_problem_whatever_the_client_accepts()
    {
        using var html = new HttpRequestMessage(HttpMethod.Get, "/api/nothing-here");
        html.Headers.Accept.ParseAdd("text/html");
        await AssertProblemAsync(await fleet.Api.SendAsync(html), HttpStatusCode.NotFound);
        await AssertProblemAsync(await fleet.Api.GetAsync("/nothing-here"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await fleet.Api.DeleteAsync("/api/items"), HttpStatusCode.MethodNotAllowed);
        // 17 MB sent chunked (no length to refuse it by): the endpoint stops reading at its 16 MiB limit.
        using var huge = new StreamContent(new MemoryStream(new byte[17 * 1024 * 1024]));
        using var tooLarge = new HttpRequestMessage(HttpMethod.Post, "/api/items") { Content = huge };
        tooLarge.Headers.TransferEncodingChunked = true;
        var problem = await AssertProblemAsync(await fleet.Api.SendAsync(tooLarge), HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("body", out _), Is.True, problem.ToString());
        var list = await fleet.Api.GetAsync("/api/items?pool=%00&state=Queued");
        Assert.That((int)list.StatusCode, Is.LessThan(500), await list.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task When_every_slot_is_taken_Should_answer_503_with_retry_after_at_once()
    {
        var slow = new SlowContent();
        using var holder = new HttpClient { BaseAddress = new Uri(fleet.Url), Timeout = TimeSpan.FromSeconds(30) };
        holder.DefaultRequestHeaders.Authorization = fleet.Api.DefaultRequestHeaders.Authorization;
        var held = holder.PostAsync("/api/items", slow);
        await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200); // the request's headers reach the server and take the one slot

        var refused = await fleet.Api.GetAsync("/api/stats");

        await AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        // The held request never finishes its body: after Stamina:RequestTimeout (2 s) it is answered 503 too.
        await Task.Delay(TimeSpan.FromSeconds(3));
        slow.Release.TrySetResult();
        var timedOut = await held;
        await AssertProblemAsync(timedOut, HttpStatusCode.ServiceUnavailable);
        Assert.That(timedOut.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That((await fleet.Api.GetAsync("/api/stats")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the slot is free again");
    }

    [Test]
    public async Task When_the_read_only_key_is_used_Should_read_everything_and_change_nothing()
    {
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        using var reader = new HttpClient { BaseAddress = new Uri(fleet.Url) };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadOnlyKey);

        foreach (var path in new[] { "/api/items", $"/api/items/{id}", "/api/stats", "/api/workers", "/" })
            Assert.That((await reader.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        await AssertProblemAsync(await reader.PostAsync($"/api/items/{id}/cancel", null), HttpStatusCode.Forbidden);
        using var submit = new StringContent($"{{\"repo\":\"{fleet.Repository.Path}\",\"command\":[\"true\"]}}", Encoding.UTF8, "application/json");
        await AssertProblemAsync(await reader.PostAsync("/api/items", submit), HttpStatusCode.Forbidden);
        using var prune = new StringContent("{\"olderThan\":\"1s\"}", Encoding.UTF8, "application/json");
        await AssertProblemAsync(await reader.PostAsync("/api/prune", prune), HttpStatusCode.Forbidden);

        var items = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/items")).RootElement.GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(1), "the read-only key stored nothing");
        Assert.That((await fleet.ItemAsync(id)).GetProperty("state").GetString(), Is.Not.EqualTo("Cancelled"));
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadOnlyKey + "x");
        await AssertProblemAsync(await reader.GetAsync("/api/items"), HttpStatusCode.Unauthorized);
    }

    /// <summary>A body that starts and then waits, holding its request open.</summary>
    sealed class SlowContent : HttpContent
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync("{\"repo\":"u8.ToArray());
            await stream.FlushAsync();
            Started.TrySetResult();
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
