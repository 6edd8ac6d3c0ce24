using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Attempt branches do not pile up: mirrors fetch none of the fleet's, and <c>stamina prune</c> deletes finished
/// items' branches from the repository and the workers' mirrors, keeping the accepted one unless asked.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class PruneTests(FleetMode mode) : FleetTestBase(mode)
{
    Dictionary<string, string> Environment => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    [Test]
    public async Task When_items_finished_Should_prune_old_attempt_branches_and_keep_the_accepted_one_unless_asked()
    {
        // Attempt 1 fails and attempt 2 succeeds; the other item succeeds at once.
        var retried = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", "echo $STAMINA_ATTEMPT > attempt.txt; [ \"$STAMINA_ATTEMPT\" != 1 ]" },
        })).Id();
        var once = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo x > x.txt" } })).Id();
        await fleet.WaitForStateAsync(retried, "Succeeded", TimeSpan.FromSeconds(90));
        await fleet.WaitForStateAsync(once, "Succeeded", TimeSpan.FromSeconds(90));
        string Branch(Guid id, int attempt) => $"stamina/{id:N}/{attempt}";
        Assert.That(fleet.Repository.Branches("stamina/*"), Is.EquivalentTo(new[] { Branch(retried, 1), Branch(retried, 2), Branch(once, 1) }));
        Assert.That(MirrorRefs().Where(r => r.StartsWith("refs/remotes/origin/stamina/", StringComparison.Ordinal)), Is.Empty,
            "no mirror fetched an attempt branch");

        // Too young to prune: nothing is listed.
        var young = await CliRun.RunAsync(Environment, "prune", "--older-than", "1h", "--json");
        Assert.That(young.ExitCode, Is.Zero, young.Error);
        Assert.That(JsonDocument.Parse(young.Output).RootElement.GetProperty("branches").GetArrayLength(), Is.Zero);

        // The age below is one second: the items pass it in a moment.
        var dryRun = await CliRun.RunAsync(Environment, "prune", "--older-than", "1s", "--dry-run");
        await Eventually.UntilAsync(async () =>
        {
            dryRun = await CliRun.RunAsync(Environment, "prune", "--older-than", "1s", "--dry-run");
            return dryRun.Output.Contains(Branch(retried, 1), StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the items to be older than a second");
        Assert.That(dryRun.ExitCode, Is.Zero, dryRun.Error);
        Assert.That(dryRun.Output, Does.Contain(Branch(retried, 1)).And.Contain("Dry run").And.Not.Contain(Branch(retried, 2)));
        Assert.That(fleet.Repository.Branches("stamina/*"), Has.Count.EqualTo(3), "a dry run changes nothing");

        var prune = await CliRun.RunAsync(Environment, "prune", "--older-than", "1s", "--json");
        Assert.That(prune.ExitCode, Is.Zero, prune.Error);
        var listed = JsonDocument.Parse(prune.Output).RootElement.GetProperty("branches").EnumerateArray()
            .Select(b => b.GetProperty("branch").GetString()).ToList();
        Assert.That(listed, Is.EqualTo(new[] { Branch(retried, 1) }));
        await Eventually.UntilAsync(async () => (await fleet.ItemAsync(retried)).Attempts()[0].Text("branchPrunedAt") is not null,
            TimeSpan.FromSeconds(30), "attempt 1's branch to be recorded as pruned");
        Assert.That(fleet.Repository.Branches("stamina/*"), Is.EquivalentTo(new[] { Branch(retried, 2), Branch(once, 1) }));
        Assert.That(MirrorRefs(), Has.None.Contains(Branch(retried, 1)), "the mirrors forgot it too");
        Assert.That((await fleet.ItemAsync(retried)).Attempts()[1].Text("branchPrunedAt"), Is.Null);

        var again = await CliRun.RunAsync(Environment, "prune", "--older-than", "1s");
        Assert.That((again.ExitCode, again.Output.Contains("Nothing to prune", StringComparison.Ordinal)), Is.EqualTo((0, true)), again.Output);

        var all = await CliRun.RunAsync(Environment, "prune", "--older-than", "1s", "--include-accepted");
        Assert.That(all.ExitCode, Is.Zero, all.Error);
        Assert.That(all.Output, Does.Contain(Branch(retried, 2)).And.Contain(Branch(once, 1)));
        await Eventually.UntilAsync(() => Task.FromResult(fleet.Repository.Branches("stamina/*").Count == 0),
            TimeSpan.FromSeconds(30), "every attempt branch to be deleted");
        await Eventually.UntilAsync(async () => (await fleet.ItemAsync(once)).Attempts()[0].Text("branchPrunedAt") is not null,
            TimeSpan.FromSeconds(30), "the accepted branch to be recorded as pruned");
        var show = await CliRun.RunAsync(Environment, "show", once.ToString());
        Assert.That(show.Output, Does.Contain("pruned"));
        Assert.That(MirrorRefs().Where(r => r.Contains("/stamina/", StringComparison.Ordinal)), Is.Empty);
        Assert.That(fleet.Repository.Branches("main"), Is.EqualTo(new[] { "main" }), "only attempt branches are touched");
    }

    [Test]
    public async Task When_the_age_is_not_one_Should_refuse_clearly_and_change_nothing()
    {
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        foreach (var bad in new[] { "7", "7x", "0d", "-1d", "1.5d", "", "99999w", "7 d" })
        {
            var run = await CliRun.RunAsync(Environment, "prune", "--older-than", bad, "--include-accepted");
            Assert.That(run.ExitCode, Is.EqualTo(2), $"'{bad}': {run.Output}{run.Error}");
            Assert.That(run.Error, Does.Contain("--older-than"), bad);
        }
        var missing = await CliRun.RunAsync(Environment, "prune");
        Assert.That((missing.ExitCode, missing.Error.Contains("--older-than", StringComparison.Ordinal)), Is.EqualTo((2, true)));

        using var noAge = await fleet.Api.PostAsJsonAsync("/api/prune", new { dryRun = true });
        using var badAge = await fleet.Api.PostAsJsonAsync("/api/prune", new { olderThan = "7" });
        using var unknown = await fleet.Api.PostAsJsonAsync("/api/prune", new { olderThan = "1s", includeAccepted = true, force = true });
        Assert.That(noAge.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await noAge.Content.ReadAsStringAsync(), Does.Contain("olderThan"));
        Assert.That(badAge.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await badAge.Content.ReadAsStringAsync(), Does.Contain("olderThan").And.Contain("'7'"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a misspelt field is refused, not ignored");
        Assert.That(fleet.Repository.Branches("stamina/*"), Has.Count.EqualTo(1), "nothing was deleted");
    }

    /// <summary>Every ref of every worker's mirror.</summary>
    IReadOnlyList<string> MirrorRefs()
    {
        var mirrors = Directory.EnumerateDirectories(fleet.Root, "*.git", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == "mirrors");
        return [.. mirrors.SelectMany(mirror => new GitRepository(mirror).Git("for-each-ref", "--format=%(refname)")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries))];
    }
}
