using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Dependencies and batches end to end: a chain whose dependant starts from its dependency's branch, a diamond, a failed
/// dependency skipping its dependants (and "run" running anyway), and a retry releasing them again.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class DependencyTests(FleetMode mode) : FleetTestBase(mode)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    object Task(string key, string script, object? after = null, string? baseFrom = null, string? onDependencyFailure = null) => new
    {
        key,
        repo = fleet.Repository.Path,
        command = new[] { "sh", "-c", script },
        maxAttempts = 1,
        after,
        baseFrom,
        onDependencyFailure,
    };

    [Test]
    public async Task When_a_diamond_runs_Should_start_each_task_after_its_dependencies_and_from_its_baseFrom_branch()
    {
        // build -> (lint, test) -> ship; test starts from build's branch, ship from test's.
        var batch = await fleet.CreateBatchAsync(new
        {
            name = "diamond",
            items = new[]
            {
                Task("ship", "test -f build.txt && test -f test.txt && ! test -f lint.txt && date +%s%N > ship.txt", new[] { "lint", "test" }, "test"),
                Task("build", "sleep 1; echo built > build.txt"),
                Task("lint", "echo linted > lint.txt", new[] { "build" }),
                Task("test", "test -f build.txt && echo tested > test.txt", new[] { "build" }, "build"),
            },
        });
        var ids = batch.ItemIds();
        Assert.That(batch.GetProperty("items").EnumerateArray().Select(i => i.State()),
            Is.EqualTo(new[] { "Pending", "Queued", "Pending", "Pending" }), "items keep the request's order; only build may start");
        var waiting = await fleet.ItemAsync(ids["ship"]);
        Assert.That(waiting.GetProperty("waiting").GetProperty("kind").GetString(), Is.EqualTo("dependency"));
        Assert.That(waiting.GetProperty("waiting").GetProperty("detail").GetString(), Does.Contain("lint (Pending)").And.Contain("test (Pending)"));
        Assert.That(waiting.GetProperty("batchId").GetGuid(), Is.EqualTo(batch.GetProperty("id").GetGuid()));

        var ended = await fleet.WaitForBatchEndAsync(batch.GetProperty("id").GetGuid(), Patience);

        Assert.That(ended.GetProperty("counts").GetProperty("Succeeded").GetInt32(), Is.EqualTo(4), ended.ToString());
        Assert.That(ended.Text("summary"), Does.StartWith("4 succeeded"));
        Assert.That(ended.GetProperty("branches").GetArrayLength(), Is.EqualTo(4));
        var build = (await fleet.ItemAsync(ids["build"])).Result().GetProperty("headCommit").GetString()!;
        var test = await fleet.ItemAsync(ids["test"]);
        var ship = await fleet.ItemAsync(ids["ship"]);
        Assert.That(test.Text("baseRef"), Is.EqualTo(Branch(ids["build"])), "test was released onto build's branch");
        Assert.That(ship.Text("baseRef"), Is.EqualTo(Branch(ids["test"])));
        Assert.That(IsAncestor(build, Branch(ids["test"])) && IsAncestor(build, Branch(ids["ship"])), Is.True,
            "the dependants' branches contain build's commit");
        Assert.That(IsAncestor(test.Result().GetProperty("headCommit").GetString()!, Branch(ids["ship"])), Is.True);
        var lintEnded = (await fleet.ItemAsync(ids["lint"])).Attempts()[0].GetProperty("endedAt").GetDateTimeOffset();
        var shipStarted = ship.Attempts()[0].GetProperty("startedAt").GetDateTimeOffset();
        Assert.That(shipStarted, Is.GreaterThanOrEqualTo(lintEnded), "ship waited for both of its dependencies");
    }

    [Test]
    public async Task When_a_dependency_fails_Should_skip_its_dependants_run_the_run_anyway_one_and_release_them_on_retry()
    {
        var marker = Path.Combine(fleet.Root, "fixed");
        var batch = await fleet.CreateBatchAsync(new
        {
            items = new[]
            {
                Task("flaky", $"test -f '{marker}' && echo ok > flaky.txt"),
                Task("after-flaky", "test -f flaky.txt && echo next > next.txt", new[] { "flaky" }, "flaky"),
                Task("after-that", "echo last > last.txt", new[] { "after-flaky" }),
                Task("anyway", "! test -f flaky.txt && echo anyway > anyway.txt", new[] { "flaky" }, "flaky", "run"),
            },
        });
        var batchId = batch.GetProperty("id").GetGuid();
        var ids = batch.ItemIds();

        var first = await fleet.WaitForBatchEndAsync(batchId, Patience);

        var skipped = await fleet.ItemAsync(ids["after-flaky"]);
        Assert.That(skipped.State(), Is.EqualTo("Skipped"));
        Assert.That(skipped.Text("skipReason"), Is.EqualTo("dependency flaky failed"));
        var transitively = await fleet.ItemAsync(ids["after-that"]);
        Assert.That((transitively.State(), transitively.Text("skipReason")), Is.EqualTo(("Skipped", "dependency after-flaky was skipped")));
        Assert.That(transitively.Attempts(), Is.Empty, "a skipped item never ran");
        var anyway = await fleet.ItemAsync(ids["anyway"]);
        Assert.That(anyway.State(), Is.EqualTo("Succeeded"), "onDependencyFailure run releases it anyway");
        Assert.That(anyway.Text("baseRef"), Is.EqualTo("HEAD"), "its baseFrom failed: it starts from its own baseRef");
        Assert.That(first.Text("summary"), Does.StartWith("1 succeeded, 1 failed, 2 skipped"));

        File.WriteAllText(marker, "");
        var retry = await fleet.Api.PostAsync($"/api/batches/{batchId}/retry-failed", null);
        Assert.That(retry.IsSuccessStatusCode, Is.True, await retry.Content.ReadAsStringAsync());
        Assert.That(JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("moved").GetInt32(), Is.EqualTo(1));

        await Eventually.UntilAsync(async () => (await fleet.BatchAsync(batchId)).GetProperty("counts").TryGetProperty("Succeeded", out var n)
            && n.GetInt32() == 4, Patience, "the retried item and the items it skipped to succeed");
        var released = await fleet.ItemAsync(ids["after-flaky"]);
        Assert.That(released.Text("skipReason"), Is.Null);
        Assert.That(IsAncestor((await fleet.ItemAsync(ids["flaky"])).Result().GetProperty("headCommit").GetString()!, Branch(ids["after-flaky"])),
            Is.True, "released onto the retried dependency's branch");
    }

    string Branch(Guid id) => $"stamina/{id:N}/1";

    bool IsAncestor(string commit, string branch)
    {
        try
        {
            fleet.Repository.Git("merge-base", "--is-ancestor", commit, branch);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
