using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary><c>POST /api/items</c> with an <c>Idempotency-Key</c>: one key, one item, on both stores.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class IdempotentSubmitTests(FleetMode mode) : FleetTestBase(mode)
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    object Body(string file = "a.txt") => new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", $"echo x > {file}" }, labels = new { b = "2", a = "1" } };

    async Task<(HttpStatusCode Status, JsonElement Body, bool Replayed)> PostAsync(string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/items") { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await fleet.Api.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";
        return (response.StatusCode, json, replayed);
    }

    async Task<int> CountItemsAsync() =>
        JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/items")).RootElement.GetProperty("items").GetArrayLength();

    [Test]
    public async Task When_a_key_is_sent_twice_Should_answer_201_then_200_with_the_same_item_marked_replayed()
    {
        var first = await PostAsync("night-1:task-a", Body());
        // The same request written differently (labels in another order) is the same request.
        var again = await PostAsync("night-1:task-a", new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo x > a.txt" }, labels = new { a = "1", b = "2" } });

        Assert.That((first.Status, first.Replayed), Is.EqualTo((HttpStatusCode.Created, false)));
        Assert.That((again.Status, again.Replayed), Is.EqualTo((HttpStatusCode.OK, true)));
        Assert.That(again.Body.Id(), Is.EqualTo(first.Body.Id()));
        Assert.That(await CountItemsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task When_a_key_comes_back_with_a_different_request_Should_answer_422_naming_the_key_and_make_nothing()
    {
        var first = await PostAsync("k-1", Body("a.txt"));

        var other = await PostAsync("k-1", Body("b.txt"));

        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var message = other.Body.GetProperty("errors").GetProperty("Idempotency-Key")[0].GetString();
        Assert.That(message, Does.Contain("'k-1'").And.Contain(first.Body.Id().ToString()));
        Assert.That(await CountItemsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task When_requests_with_one_key_race_Should_make_one_item()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PostAsync("race", Body())));

        Assert.That(answers.Select(a => a.Body.Id()).Distinct().Count(), Is.EqualTo(1));
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.OK && a.Replayed), Is.EqualTo(11));
        Assert.That(await CountItemsAsync(), Is.EqualTo(1));
    }

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("a*b")]
    public async Task When_the_key_is_malformed_Should_answer_400_naming_the_header_and_make_nothing(string key)
    {
        var answer = await PostAsync(key, Body());

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(answer.Body.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), Is.True);
        Assert.That(await CountItemsAsync(), Is.Zero);
    }

    [Test]
    public async Task When_the_key_is_too_long_Should_answer_400()
    {
        var answer = await PostAsync(new string('k', 256), Body());

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(answer.Body.GetProperty("errors").GetProperty("Idempotency-Key")[0].GetString(), Does.Contain("255"));
    }

    [Test]
    public async Task When_no_key_is_sent_Should_make_a_new_item_each_time()
    {
        var first = await PostAsync(null, Body());
        var second = await PostAsync(null, Body());

        Assert.That((first.Status, second.Status), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)));
        Assert.That(second.Body.Id(), Is.Not.EqualTo(first.Body.Id()));
    }
}
