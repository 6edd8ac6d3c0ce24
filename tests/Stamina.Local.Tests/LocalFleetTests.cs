using System.Text.Json;

namespace Stamina.Local.Tests;

/// <summary><c>stamina local</c> as a user runs it: a real child process, the fake agent as every harness.</summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalFleetTests
{
    /// <summary>The product's own sandbox setting (the fleet's tests turn it off), as a user's first night runs.</summary>
    static readonly FleetOptions AsAUserRunsIt = new() { Mode = FleetMode.Local, Sandbox = "auto" };

    static readonly TimeSpan ItemDeadline = TimeSpan.FromSeconds(120);

    Fleet fleet = null!;

    [TearDown]
    public async Task TearDown()
    {
        // A fleet that failed to start has written its logs and cleaned up already.
        if (fleet is null)
            return;
        if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Passed)
            fleet.WriteLogs(TestContext.Out);
        await fleet.DisposeAsync();
        fleet = null!;
    }

    async Task<Guid> SubmitAsync(object body) => (await fleet.SubmitAsync(body)).GetProperty("id").GetGuid();

    [Test]
    public async Task When_ten_items_are_submitted_Should_run_them_all_on_two_workers_each_with_a_branch()
    {
        fleet = await Fleet.StartAsync(AsAUserRunsIt with { Workers = 2 });

        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
            ids.Add(await SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = $"item {i}\nfake: succeed turns=1 delay=100ms" }));
        for (var i = 0; i < 3; i++)
            ids.Add(await SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", $"echo {i} > out-{i}.txt" } }));

        foreach (var id in ids)
        {
            var item = await fleet.WaitForStateAsync(id, "Succeeded", ItemDeadline);
            var branch = item.GetProperty("result").GetProperty("branch").GetString();
            Assert.That(branch, Is.EqualTo($"stamina/{id:N}/1"));
            Assert.That(fleet.Repository.HasBranch(branch!), Is.True, $"branch {branch} pushed to the repository");
        }
        var holders = await fleet.LocalStore.QueryAsync<string>("select distinct worker from attempts");
        Assert.That(holders, Is.SubsetOf(new[] { "local-1", "local-2" }));
    }

    [Test]
    public async Task When_the_process_is_killed_while_items_run_Should_finish_every_item_once_after_a_restart()
    {
        fleet = await Fleet.StartAsync(AsAUserRunsIt with { Workers = 2 });
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
            ids.Add(await SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = $"item {i}\nfake: succeed turns=1 delay=3s" }));

        await Stamina.Testing.Eventually.UntilAsync(async () =>
            (await fleet.LocalStore.QueryAsync<long>("select count(*) from work_items where state = 'Running'")).Single() == 2,
            TimeSpan.FromSeconds(60), "two items to run");
        await fleet.Coordinator.KillHardAsync();
        var running = await fleet.LocalStore.QueryAsync<string>("select id from work_items where state = 'Running'");
        Assert.That(running, Is.Not.Empty, "items were running when the process died");

        await fleet.RestartLocalAsync();
        foreach (var id in ids)
            await fleet.WaitForStateAsync(id, "Succeeded", ItemDeadline);

        var results = await fleet.LocalStore.QueryAsync<string>("select item_id from results");
        Assert.That(results.Select(Guid.Parse), Is.EquivalentTo(ids), "one result per item, none lost");
        var succeeded = await fleet.LocalStore.QueryAsync<string>("select item_id from attempts where outcome = 'succeeded'");
        Assert.That(succeeded.Select(Guid.Parse), Is.EquivalentTo(ids), "one successful attempt per item");
        // The killed run's attempts were released at the restart, not left to their leases: no failure counted.
        var released = await fleet.LocalStore.QueryAsync<string>("select item_id from attempts where outcome = 'released' and error_class = 'shutdown'");
        Assert.That(released, Is.EquivalentTo(running));
        Assert.That((await fleet.LocalStore.QueryAsync<long>("select coalesce(sum(failures), 0) from work_items")).Single(), Is.Zero);
    }

    [Test]
    public async Task When_started_Should_keep_its_api_key_for_its_owner_only_and_refuse_other_keys()
    {
        fleet = await Fleet.StartAsync(AsAUserRunsIt with { Workers = 1 });

        var keyFile = LocalApiKey.PathIn(fleet.DataDir);
        Assert.That(File.GetUnixFileMode(keyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        var key = LocalApiKey.TryRead(fleet.DataDir);
        Assert.That(key, Has.Length.GreaterThanOrEqualTo(32));

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/items");
        wrong.Headers.Authorization = new("Bearer", "not-the-key");
        using var refused = await fleet.Api.SendAsync(wrong);
        Assert.That((int)refused.StatusCode, Is.EqualTo(401));
        using var anonymousClient = new HttpClient { BaseAddress = fleet.Api.BaseAddress };
        using var anonymous = await anonymousClient.GetAsync("/api/items");
        Assert.That((int)anonymous.StatusCode, Is.EqualTo(401));
        using var accepted = await fleet.Api.GetAsync("/api/items");
        Assert.That((int)accepted.StatusCode, Is.EqualTo(200));

        // The same key after a restart: the CLI of this user keeps working.
        Assert.That(await fleet.Coordinator.TerminateAsync(TimeSpan.FromSeconds(60)), Is.True, "stops on SIGTERM");
        Assert.That(fleet.Coordinator.ExitCode, Is.Zero);
        await fleet.RestartLocalAsync();
        Assert.That(LocalApiKey.TryRead(fleet.DataDir), Is.EqualTo(key));
    }

    [Test]
    public async Task When_one_account_hits_its_usage_limit_Should_run_the_work_on_the_other_account()
    {
        fleet = await Fleet.StartAsync(AsAUserRunsIt with { Workers = 2, Accounts = ["a", "b"] });
        // Read by the fake agent at each run, so in place before the first item.
        File.WriteAllText(Path.Combine(fleet.AccountDir("a"), "fake-agent.json"),
            JsonSerializer.Serialize(new { usageLimit = new { afterRuns = 0, resetInSeconds = 10, times = 1 } }));

        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
            ids.Add(await SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = $"item {i}\nfake: succeed turns=1 delay=500ms" }));
        foreach (var id in ids)
            await fleet.WaitForStateAsync(id, "Succeeded", ItemDeadline);

        var limits = await fleet.LocalStore.QueryAsync<(string Account, string Outcome)>("select account, outcome from attempts where error_class = 'usage_limit'");
        Assert.That(limits, Is.EqualTo(new[] { ("a", "released") }), "account a hit its limit once, and the item went back");
        var byB = await fleet.LocalStore.QueryAsync<long>("select count(*) from attempts where account = 'b' and outcome = 'succeeded'");
        Assert.That(byB.Single(), Is.GreaterThan(0), "account b did work");
        Assert.That((await fleet.LocalStore.QueryAsync<long>("select coalesce(sum(failures), 0) from work_items")).Single(), Is.Zero);
    }
}
