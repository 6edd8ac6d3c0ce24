using Dapper;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.Stats;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.Workers;
using Stamina.Coordinator.WorkItems;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Tests.Persistence;

/// <summary>The read side on both stores: written through the saga, read by the API's and the dispatcher's queries.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class StoreQueriesTests(string kind) : StoreFixture(kind)
{
    static readonly WorkerIdentity Worker = new() { Name = "w1", Machine = "m1", Pool = "default", Account = "acct" };

    [Test]
    public async Task Items_Should_read_back_as_submitted_with_exact_times_and_newest_first()
    {
        var prompt = new string('p', 300);
        var first = await Store.SubmitAsync("p1", new WorkItemSpec
        {
            Repo = "/srv/repo",
            BaseRef = "main",
            Harness = "claude",
            Command = ["a", "b c"],
            Prompt = prompt,
            Timeout = TimeSpan.FromMinutes(5),
            Labels = new Dictionary<string, string> { ["team"] = "x" },
            Agent = new AgentOptions { Model = "opus", MaxBudgetUsd = 1.5m },
        });
        // A whole second after a fraction: a text format that trims zeros would sort "…:01Z" after "…:01.5Z".
        Store.Clock.SetUtcNow(StoreHarness.Start.AddTicks(-1_234_560).AddSeconds(1));
        var second = await Store.SubmitAsync("p2");
        Store.Clock.Advance(TimeSpan.FromMilliseconds(500));
        var third = await Store.SubmitAsync("p2");
        var queries = Store.Get<ItemQueries>();

        var item = await queries.GetAsync(first, default);
        Assert.That(item, Is.Not.Null);
        Assert.That((item!.Repo, item.Harness, item.Prompt, item.State, item.Pool), Is.EqualTo(("/srv/repo", "claude", prompt, "Queued", "p1")));
        Assert.That(item.Command, Is.EqualTo(new[] { "a", "b c" }));
        Assert.That(item.Labels, Is.EqualTo(new Dictionary<string, string> { ["team"] = "x" }));
        Assert.That((item.Agent.Model, item.Agent.MaxBudgetUsd), Is.EqualTo(("opus", (decimal?)1.5m)));
        Assert.That((item.CreatedAt, item.Timeout, item.Attempts.Count), Is.EqualTo((StoreHarness.Start, TimeSpan.FromMinutes(5), 0)));
        Assert.That(await queries.GetAsync(Guid.NewGuid(), default), Is.Null);

        var all = await queries.ListAsync(null, null, 10, default);
        Assert.That(all.Select(i => i.Id), Is.EqualTo(new[] { third, second, first }));
        Assert.That(all[2].Prompt, Has.Length.EqualTo(200), "the list shows the start of a prompt");
        var inPool = await queries.ListAsync("Queued", "p2", 1, default);
        Assert.That(inPool.Select(i => i.Id), Is.EqualTo(new[] { third }));
        Assert.That(await queries.ListAsync("Running", null, 10, default), Is.Empty);
    }

    [Test]
    public async Task Progress_results_and_stats_Should_read_back_what_the_saga_wrote()
    {
        var id = await Store.SubmitAsync();
        await Store.SubmitAsync("other");
        await Store.ClaimAsync(id, 1, Worker);
        var claimedAt = Store.Clock.GetUtcNow();
        Store.Clock.Advance(TimeSpan.FromSeconds(3));
        var progress = new AgentProgress { Model = "opus", SessionId = "s1", Turns = 4, InputTokens = 5_000_000_000, OutputTokens = 20, CostUsd = 0.123456m };
        await Store.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = Worker.Name,
            Outcome = AttemptOutcome.Succeeded,
            ExitCode = 0,
            Progress = progress,
            Result = new AttemptResult { Branch = "b", BaseCommit = "a", HeadCommit = "c", Commits = 2, Summary = "done" },
        });

        var queries = Store.Get<ItemQueries>();
        var item = (await queries.GetAsync(id, default))!;
        var attempt = item.Attempts.Single();
        Assert.That((attempt.StartedAt, attempt.EndedAt, attempt.Outcome), Is.EqualTo((claimedAt, (DateTimeOffset?)claimedAt.AddSeconds(3), "succeeded")));
        Assert.That((attempt.Model, attempt.Turns, attempt.InputTokens, attempt.CostUsd, attempt.CheckpointCommit),
            Is.EqualTo(("opus", 4, 5_000_000_000L, (decimal?)0.123456m, "c")));
        Assert.That((item.State, item.Result?.HeadCommit, item.Result?.Commits, item.CostUsd), Is.EqualTo(("Succeeded", "c", (int?)2, (decimal?)0.123456m)));
        var listed = (await queries.ListAsync("Succeeded", null, 10, default)).Single();
        Assert.That((listed.Result?.Summary, listed.Progress?.SessionId), Is.EqualTo(("done", "s1")));

        var stats = await Store.Get<StatsQueries>().GetAsync(default);
        Assert.That((stats.Items.Queued, stats.Items.Succeeded, stats.Items.Total), Is.EqualTo((1L, 1L, 2L)));
        Assert.That((stats.Attempts.Total, stats.Attempts.Succeeded, stats.Attempts.Failed), Is.EqualTo((1L, 1L, 0L)));
        Assert.That((stats.Agents.CostUsd, stats.Agents.InputTokens, stats.Agents.Turns), Is.EqualTo((0.123456m, 5_000_000_000L, 4L)));
        Assert.That(stats.Pools.Select(p => (p.Pool, p.Queued)), Is.EqualTo(new[] { ("default", 0L), ("other", 1L) }));
    }

    [Test]
    public async Task Workers_Should_list_the_latest_heartbeat_and_answer_whether_one_exists()
    {
        var item = Guid.NewGuid();
        var consumer = Store.Bus.GetConsumerHarness<WorkerHeartbeatConsumer>();
        await Store.Bus.Bus.Publish(new WorkerHeartbeat
        {
            Worker = Worker,
            Status = WorkerStatus.Busy,
            CurrentItem = item,
            CurrentAttempt = 2,
            // Sent with the worker's own offset: stored as the same instant.
            StartedAt = StoreHarness.Start.AddMinutes(-1).ToOffset(TimeSpan.FromHours(2)),
            Interval = TimeSpan.FromSeconds(10),
            Version = "1.0",
            LimitedUntil = StoreHarness.Start.AddHours(1),
        });
        Assert.That(await consumer.Consumed.Any<WorkerHeartbeat>(), Is.True);
        var queries = Store.Get<WorkerQueries>();

        var worker = (await queries.ListAsync(default)).Single();
        Assert.That((worker.Name, worker.State, worker.CurrentItem, worker.CurrentAttempt, worker.Account),
            Is.EqualTo(("w1", "busy", (Guid?)item, (int?)2, "acct")));
        Assert.That((worker.StartedAt, worker.LastSeenAt, worker.LimitedUntil),
            Is.EqualTo((StoreHarness.Start.AddMinutes(-1), StoreHarness.Start, (DateTimeOffset?)StoreHarness.Start.AddHours(1))));
        Assert.That((await queries.ExistsAsync("w1", default), await queries.ExistsAsync("w2", default)), Is.EqualTo((true, false)));

        await Store.Bus.Bus.Publish(new WorkerStopped { Name = "w1", StartedAt = StoreHarness.Start.AddMinutes(-1) });
        Assert.That(await consumer.Consumed.Any<WorkerStopped>(), Is.True);
        Assert.That((await queries.ListAsync(default)).Single().State, Is.EqualTo("offline"), "the goodbye names the run by its start");
    }

    [Test]
    public async Task Dispatch_candidates_Should_follow_priority_and_publication_and_a_claim_resume_from_the_newest_checkpoint()
    {
        var low = await Store.SubmitAsync("p");
        var high = await Store.SubmitAsync("p", priority: 5);
        await Store.SubmitAsync("elsewhere");
        var now = Store.Clock.GetUtcNow();
        await using var connection = await Store.Database.OpenConnectionAsync(default);
        async Task<List<DispatchCandidate>> CandidatesAsync(DateTimeOffset at, DateTimeOffset republishBefore) =>
            [.. await connection.QueryAsync<DispatchCandidate>(DispatchQueries.Candidates(Store.Database.Dialect, ""),
                new { pool = "p", now = at, republishBefore, limit = 10, agingSeconds = 1800.0, agingMax = 10 })];

        Assert.That((await CandidatesAsync(now, now.AddMinutes(-1))).Select(c => c.Id), Is.EqualTo(new[] { high, low }));
        Assert.That(await connection.QueryAsync<string>(DispatchQueries.DuePools, new { now }), Is.EquivalentTo(new[] { "p", "elsewhere" }));
        await connection.ExecuteAsync(DispatchQueries.MarkPublished, new { id = low, token = 1, sentAt = now });
        Assert.That((await CandidatesAsync(now, now.AddMinutes(-1))).Select(c => c.Id), Is.EqualTo(new[] { high }), "published under the next token");
        Assert.That((await CandidatesAsync(now, now.AddTicks(10))).Select(c => c.Id), Is.EqualTo(new[] { high, low }), "published long ago");

        await Store.ClaimAsync(low, 1, Worker);
        await Store.Bus.GetRequestClient<RenewLease>().GetResponse<LeaseRenewed, LeaseLost>(new RenewLease
        {
            WorkItemId = low,
            Attempt = 1,
            Worker = Worker.Name,
            Secret = Store.SecretOf(low, 1),
            Checkpoint = new Checkpoint { Branch = "stamina/low", Commit = "c1", BaseCommit = "b0", At = now },
        });
        await Store.CompleteAsync(new CompleteAttempt { WorkItemId = low, Attempt = 1, Worker = Worker.Name, Outcome = AttemptOutcome.Failed, ExitCode = 1 });

        var claim = await Store.Bus.GetRequestClient<ClaimWorkItem>().GetResponse<ClaimGranted, ClaimRejected>(
            new ClaimWorkItem { WorkItemId = low, Attempt = 2, Worker = Worker });
        Assert.That(claim.Is(out Response<ClaimGranted>? granted), Is.True);
        var resume = granted!.Message.Resume;
        Assert.That((resume?.Attempt, resume?.Commit, resume?.BaseCommit, resume?.Branch, resume?.Account, resume?.Harness, resume?.Worker),
            Is.EqualTo(((int?)1, "c1", "b0", "stamina/low", "acct", "command", Worker.Name)), "the claim says where to resume");
    }

    [Test]
    public async Task Usage_limits_Should_keep_the_latest_deadline_and_refuse_claims_for_the_account_until_then()
    {
        var first = await Store.SubmitAsync();
        var second = await Store.SubmitAsync();
        await Store.ClaimAsync(first, 1, Worker);
        await Store.ClaimAsync(second, 1, Worker);
        foreach (var (id, hours) in new[] { (first, 2), (second, 1) })
        {
            await Store.CompleteAsync(new CompleteAttempt
            {
                WorkItemId = id,
                Attempt = 1,
                Worker = Worker.Name,
                Account = "acct",
                Outcome = AttemptOutcome.Released,
                ErrorClass = ErrorClasses.UsageLimit,
                AccountLimitedUntil = StoreHarness.Start.AddHours(hours),
            });
        }

        await using var connection = await Store.Database.OpenConnectionAsync(default);
        var (until, limits) = await connection.QuerySingleAsync<(DateTimeOffset, long)>("select limited_until, limits from accounts where name = 'acct'");
        Assert.That((until, limits), Is.EqualTo((StoreHarness.Start.AddHours(2), 2L)));
        var answer = await Store.Bus.GetRequestClient<ClaimWorkItem>().GetResponse<ClaimGranted, ClaimRejected>(
            new ClaimWorkItem { WorkItemId = first, Attempt = 2, Worker = Worker });
        Assert.That(answer.Is(out Response<ClaimRejected>? rejected) && rejected.Message.AccountLimitedUntil == StoreHarness.Start.AddHours(2), Is.True);
    }
}
