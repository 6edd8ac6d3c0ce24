using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Bad dependencies and batches through the HTTP API: each answer names the field and the problem (an unknown id or
/// key, a cycle along its path), and nothing is written.
/// </summary>
public sealed class DependencyBadInputTests() : FleetTestBase(FleetMode.Processes)
{
    private protected override FleetOptions Options => new() { Workers = 0 };

    object Item(string? key = null, object? after = null, string? baseFrom = null, string? policy = null, string? repo = null) => new
    {
        key,
        repo = repo ?? fleet.Repository.Path,
        command = new[] { "true" },
        after,
        baseFrom,
        onDependencyFailure = policy,
    };

    async Task<(HttpStatusCode Status, JsonElement Errors)> PostAsync(string path, object body)
    {
        var response = await fleet.Api.PostAsJsonAsync(path, body, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, problem.TryGetProperty("errors", out var errors) ? errors : problem);
    }

    static string Error(JsonElement errors, string field) => errors.TryGetProperty(field, out var messages)
        ? string.Join(" | ", messages.EnumerateArray().Select(e => e.GetString()))
        : $"no error for {field} in {errors}";

    [Test]
    public async Task When_an_item_names_bad_dependencies_Should_answer_the_field_and_make_nothing()
    {
        var unknown = Guid.NewGuid();
        var (status, errors) = await PostAsync("/api/items", Item(after: new[] { unknown.ToString() }));
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Error(errors, "after"), Is.EqualTo($"no item {unknown}"));

        (status, errors) = await PostAsync("/api/items", Item(after: new[] { "build" }));
        Assert.That((status, Error(errors, "after")), Is.EqualTo((HttpStatusCode.BadRequest,
            "'build' is not an item id (a UUID); task names are resolved only within a batch (POST /api/batches)")));

        var existing = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        (status, errors) = await PostAsync("/api/items", Item(after: new[] { existing.ToString() }, baseFrom: Guid.NewGuid().ToString()));
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Error(errors, "baseFrom"), Does.Contain("is not one of after"));

        (status, errors) = await PostAsync("/api/items", Item(after: new[] { existing.ToString() }, policy: "ignore"));
        Assert.That((status, Error(errors, "onDependencyFailure")), Is.EqualTo((HttpStatusCode.BadRequest, "must be skip or run, not 'ignore'")));

        (status, errors) = await PostAsync("/api/items", Item(after: new[] { existing.ToString(), existing.ToString() }));
        Assert.That((status, Error(errors, "after")), Is.EqualTo((HttpStatusCode.BadRequest, $"'{existing}' is named twice")));

        var items = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/items")).RootElement.GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(1), "only the good item was made");
    }

    [TestCase("unknown key", "items[1].after", "unknown task or item 'tset': not a key of this batch nor an item id")]
    [TestCase("cycle", "items[2].after", "cycle build -> test -> build")]
    [TestCase("duplicate key", "items[1].key", "'build' is the key of items[0] too; keys are unique within a batch")]
    [TestCase("baseFrom not in after", "items[1].baseFrom", "'lint' is not one of after; an item can start only from a dependency's branch")]
    [TestCase("baseFrom in another repository", "items[1].baseFrom", "works on /elsewhere")]
    [TestCase("bad policy", "items[1].onDependencyFailure", "must be skip or run, not 'maybe'")]
    [TestCase("bad item", "items[0].command", "the command harness needs a command")]
    public async Task When_a_batch_is_wrong_Should_answer_422_naming_the_field_and_write_nothing(string what, string field, string message)
    {
        var other = Path.Combine(fleet.Root, "repos", "elsewhere");
        GitRepository.CreateWithOneCommit(other);
        object[] items = what switch
        {
            "unknown key" => [Item("build"), Item("test", new[] { "tset" })],
            "cycle" => [Item("setup"), Item("build", new[] { "setup", "test" }), Item("test", new[] { "build" })],
            "duplicate key" => [Item("build"), Item("build")],
            "baseFrom not in after" => [Item("build"), Item("test", new[] { "build" }, "lint")],
            "baseFrom in another repository" => [Item("build", repo: other), Item("test", new[] { "build" }, "build")],
            "bad policy" => [Item("build"), Item("test", new[] { "build" }, policy: "maybe")],
            _ => [new { key = "build", repo = fleet.Repository.Path }],
        };

        var (status, errors) = await PostAsync("/api/batches", new { name = what, items });

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity), errors.ToString());
        Assert.That(Error(errors, field), Does.Contain(what == "baseFrom in another repository" ? message.Replace("/elsewhere", other, StringComparison.Ordinal) : message));
        var batches = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/batches")).RootElement.GetProperty("batches");
        var written = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/items")).RootElement.GetProperty("items");
        Assert.That((batches.GetArrayLength(), written.GetArrayLength()), Is.EqualTo((0, 0)), "nothing was written");
    }

    [Test]
    public async Task When_a_batch_body_is_malformed_Should_answer_400_naming_the_problem()
    {
        var response = await fleet.Api.PostAsync("/api/batches", new StringContent("""{"items": [], "tasks": []}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("tasks"));

        var (status, errors) = await PostAsync("/api/batches", new { items = Array.Empty<object>() });
        Assert.That((status, Error(errors, "items")), Is.EqualTo((HttpStatusCode.UnprocessableEntity, "a batch needs at least one item")));
    }
}
