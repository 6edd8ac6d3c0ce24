using Stamina.Contracts;
using Stamina.Coordinator.Reports;
using Stamina.Coordinator.Stats;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Persistence;

/// <summary>Windows and duration percentiles of the stats, and the report's arithmetic, on both stores with known times.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class StatsWindowTests(string kind) : StoreFixture(kind)
{
    static readonly WorkerIdentity Worker = new() { Name = "w1", Machine = "m1", Pool = "default", Account = "acct" };

    /// <summary>Submits, claims, runs for <paramref name="duration"/> and ends an item; answers its id.</summary>
    async Task<Guid> RunAsync(TimeSpan duration, AttemptOutcome outcome = AttemptOutcome.Succeeded, string? errorClass = null,
        string? message = null, DateTimeOffset? limitedUntil = null, decimal cost = 0.5m)
    {
        var id = await Store.SubmitAsync();
        await Store.ClaimAsync(id, 1, Worker);
        Store.Clock.Advance(duration);
        await Store.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = Worker.Name,
            Account = Worker.Account,
            Outcome = outcome,
            ExitCode = outcome == AttemptOutcome.Succeeded ? 0 : 3,
            ErrorClass = errorClass,
            Message = message,
            AccountLimitedUntil = limitedUntil,
            Progress = new AgentProgress { Turns = 1, InputTokens = 100, OutputTokens = 10, CostUsd = cost },
            Result = outcome == AttemptOutcome.Succeeded
                ? new AttemptResult { Branch = $"stamina/{id:N}/1", BaseCommit = "a", HeadCommit = "b", Commits = 1, FilesChanged = 2, Insertions = 5, Deletions = 1, Summary = "ok" }
                : null,
        });
        return id;
    }

    [Test]
    public async Task Stats_in_a_window_Should_count_only_what_started_in_it_with_percentiles_of_the_known_durations()
    {
        await RunAsync(TimeSpan.FromSeconds(1000)); // before the window
        Store.Clock.Advance(TimeSpan.FromMinutes(5));
        var from = Store.Clock.GetUtcNow();
        for (var seconds = 1; seconds <= 10; seconds++)
            await RunAsync(TimeSpan.FromSeconds(seconds));
        var queries = Store.Get<StatsQueries>();

        var window = await queries.GetAsync(new TimeWindow { From = from, To = Store.Clock.GetUtcNow().AddSeconds(1) }, default);
        Assert.That((window.Items.Total, window.Attempts.Total, window.Agents.CostUsd), Is.EqualTo((10L, 10L, 5m)));
        Assert.That(window.Durations.Count, Is.EqualTo(10));
        Assert.That(window.Durations.P50Seconds, Is.EqualTo(5.5).Within(1e-9));
        Assert.That(window.Durations.P95Seconds, Is.EqualTo(9.55).Within(1e-9));
        Assert.That(window.Durations.P99Seconds, Is.EqualTo(9.91).Within(1e-9));

        var all = await queries.GetAsync(default);
        Assert.That((all.Window, all.Items.Total, all.Attempts.Total, all.Durations.Count), Is.EqualTo(((TimeWindow?)null, 11L, 11L, 11L)));
        Assert.That(all.Durations.P99Seconds, Is.EqualTo(10 + (0.9 * 990)).Within(1e-9), "rank 9.9 of 11: between 10 s and 1000 s");

        var empty = await queries.GetAsync(new TimeWindow { From = from.AddDays(1), To = from.AddDays(2) }, default);
        Assert.That((empty.Items.Total, empty.Durations.Count, empty.Durations.P50Seconds), Is.EqualTo((0L, 0L, (double?)null)));
    }

    [Test]
    public async Task Report_Should_clip_busy_time_to_the_window_group_failures_and_list_limits()
    {
        var from = Store.Clock.GetUtcNow().AddSeconds(30);
        var early = await RunAsync(TimeSpan.FromSeconds(60)); // half of it before the window
        var ok = await RunAsync(TimeSpan.FromSeconds(90));
        var failedA = await RunAsync(TimeSpan.FromSeconds(10), AttemptOutcome.Failed, ErrorClasses.AgentError, "cannot open /tmp/a/1.db: error 17");
        var failedB = await RunAsync(TimeSpan.FromSeconds(10), AttemptOutcome.Failed, ErrorClasses.AgentError, "cannot open /var/b/22.db: error 99");
        var until = Store.Clock.GetUtcNow().AddHours(2);
        var limited = await RunAsync(TimeSpan.FromSeconds(20), AttemptOutcome.Released, ErrorClasses.UsageLimit, "limit", until, cost: 0m);
        var window = new TimeWindow { From = from, To = from.AddMinutes(10) };

        var report = await new ReportQueries(Store.Database, Store.Clock).GetAsync(window, default);

        Assert.That(report.Items.Select(i => i.Id), Is.EqualTo(new[] { early, ok, failedA, failedB, limited }));
        var okItem = report.Items[1];
        Assert.That((okItem.Outcome, okItem.Branch, okItem.Diff?.FilesChanged, okItem.CostUsd, okItem.DurationSeconds, okItem.Attempts),
            Is.EqualTo(("Succeeded", (string?)$"stamina/{ok:N}/1", (int?)2, (decimal?)0.5m, 90.0, 1)));
        Assert.That(report.Items[2].ErrorClass, Is.EqualTo("agent_error"), "a permanent error class: failed at once");
        var account = report.Accounts.Single();
        Assert.That((account.Account, account.Items, account.Attempts, account.Workers, account.CostUsd), Is.EqualTo(("acct", 5, 5, 1, 2m)));
        Assert.That(account.BusySeconds, Is.EqualTo(30 + 90 + 10 + 10 + 20).Within(1e-6), "the first attempt counts only its 30 s inside the window");
        Assert.That(account.Utilisation, Is.EqualTo(160.0 / 600).Within(1e-9));
        var limit = account.Limits.Single();
        Assert.That((limit.ItemId, limit.Until, limit.Worker), Is.EqualTo((limited, (DateTimeOffset?)until, "w1")));
        var failure = report.Failures.Single();
        Assert.That((failure.Signature, failure.Count, failure.Example), Is.EqualTo(("agent_error: cannot open <path>: error <n>", 2, "cannot open /tmp/a/1.db: error 17")));
        Assert.That(failure.ItemIds, Is.EqualTo(new[] { failedA, failedB }));
        Assert.That((report.Totals.Items, report.Totals.Succeeded, report.Totals.Failed, report.Totals.Queued, report.Totals.Limits, report.Totals.FailedAttempts),
            Is.EqualTo((5, 2, 2, 1, 1, 2)));

        var later = await new ReportQueries(Store.Database, Store.Clock).GetAsync(new TimeWindow { From = from.AddHours(1), To = from.AddHours(2) }, default);
        Assert.That((later.Items.Count, later.Accounts.Count, later.Failures.Count), Is.EqualTo((0, 0, 0)));
    }
}
