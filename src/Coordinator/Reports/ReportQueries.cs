using System.Text.Json;
using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Stats;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Reports;

/// <summary>
/// The morning report. Two reads in the SQL both stores understand (the items active in the window, and their
/// attempts); the grouping is done here, where one implementation serves PostgreSQL and SQLite alike and a night's
/// attempts are few enough to hold.
/// </summary>
public sealed class ReportQueries(StaminaDatabase database, TimeProvider clock)
{
    /// <summary>Example item ids kept per failure signature.</summary>
    public const int ExampleItems = 5;

    const int TitleLength = 80;

    /// <summary>Submitted, changed (finished) or running in the window.</summary>
    const string ActiveItems = """
        (w.created_at >= @from and w.created_at < @to)
        or (w.updated_at >= @from and w.updated_at < @to)
        or exists (select 1 from attempts x where x.item_id = w.id and x.started_at < @to and (x.ended_at is null or x.ended_at >= @from))
        """;

    public async Task<MorningReport> GetAsync(TimeWindow window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var parameters = new { from = window.From, to = window.To };
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var items = (await connection.QueryAsync<ItemRow>(new CommandDefinition($"""
            select w.id, w.state, w.pool, w.created_at as CreatedAt, w.updated_at as UpdatedAt, s.harness,
                substr(s.prompt, 1, 500) as Prompt, cast(s.command as text) as CommandJson, r.branch as ResultBranch,
                r.commits, r.files_changed as FilesChanged, r.insertions, r.deletions
            from work_items w join work_item_specs s on s.item_id = w.id left join results r on r.item_id = w.id
            where {ActiveItems}
            order by w.created_at, w.id
            """, parameters, cancellationToken: cancellationToken))).ToList();
        // SQLite's numeric column holds 0 as an integer and 0.01 as a real; read it as a real always (see ItemQueries).
        var cost = database.Dialect == SqlDialect.Sqlite ? "cast(a.cost_usd as real)" : "a.cost_usd";
        var attempts = (await connection.QueryAsync<AttemptRow>(new CommandDefinition($"""
            select a.item_id as ItemId, a.number, a.worker, a.account, a.started_at as StartedAt, a.ended_at as EndedAt,
                a.outcome, a.error_class as ErrorClass, a.message, a.branch, {cost} as CostUsd, a.input_tokens as InputTokens,
                a.output_tokens as OutputTokens, a.account_limited_until as AccountLimitedUntil
            from attempts a
            where a.item_id in (select w.id from work_items w where {ActiveItems})
            order by a.started_at, a.item_id, a.number
            """, parameters, cancellationToken: cancellationToken))).ToList();

        var inWindow = attempts.Where(a => a.StartedAt < window.To && (a.EndedAt is null || a.EndedAt >= window.From)).ToList();
        var reportItems = items.Select(i => ToItem(i, attempts.Where(a => a.ItemId == i.Id).ToList(), now)).ToList();
        var accounts = inWindow.GroupBy(a => a.Account ?? ReportAccount.None).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ToAccount(g.Key, [.. g], window, now)).ToList();
        var failures = inWindow.Where(a => IsFailure(a) && a.EndedAt >= window.From && a.EndedAt < window.To)
            .GroupBy(a => FailureSignature.Of(a.ErrorClass, a.Message))
            .Select(g => new ReportFailure
            {
                Signature = g.Key,
                ErrorClass = g.First().ErrorClass ?? "unknown",
                Count = g.Count(),
                Example = g.First().Message,
                ItemIds = [.. g.Select(a => a.ItemId).Distinct().Take(ExampleItems)],
            })
            .OrderByDescending(f => f.Count).ThenBy(f => f.Signature, StringComparer.Ordinal).ToList();

        return new MorningReport
        {
            Window = window,
            GeneratedAt = now,
            Items = reportItems,
            Accounts = accounts,
            Failures = failures,
            Totals = new ReportTotals
            {
                Items = reportItems.Count,
                Succeeded = reportItems.Count(i => i.Outcome == WorkItemStates.Succeeded),
                Failed = reportItems.Count(i => i.Outcome == WorkItemStates.Failed),
                Cancelled = reportItems.Count(i => i.Outcome == WorkItemStates.Cancelled),
                Running = reportItems.Count(i => i.Outcome == WorkItemStates.Running),
                Queued = reportItems.Count(i => i.Outcome == WorkItemStates.Queued),
                Attempts = inWindow.Count,
                FailedAttempts = failures.Sum(f => f.Count),
                Limits = accounts.Sum(a => a.Limits.Count),
                CostUsd = SumCost(inWindow),
                InputTokens = inWindow.Sum(a => a.InputTokens),
                OutputTokens = inWindow.Sum(a => a.OutputTokens),
                BusySeconds = accounts.Sum(a => a.BusySeconds),
            },
        };
    }

    static bool IsFailure(AttemptRow attempt) => attempt.Outcome is AttemptOutcomes.Failed or AttemptOutcomes.TimedOut;

    static decimal? SumCost(IReadOnlyCollection<AttemptRow> attempts) =>
        attempts.Any(a => a.CostUsd is not null) ? attempts.Sum(a => a.CostUsd ?? 0) : null;

    static ReportItem ToItem(ItemRow row, List<AttemptRow> attempts, DateTimeOffset now)
    {
        var finished = WorkItemStates.IsFinished(row.State);
        var last = attempts.LastOrDefault();
        return new ReportItem
        {
            Id = row.Id,
            Title = Title(row),
            Pool = row.Pool,
            Harness = row.Harness,
            Outcome = row.State,
            Attempts = attempts.Count,
            Branch = row.ResultBranch ?? attempts.LastOrDefault(a => a.Branch is not null)?.Branch,
            Diff = row.Commits is { } commits
                ? new ReportDiff { Commits = commits, FilesChanged = row.FilesChanged ?? 0, Insertions = row.Insertions ?? 0, Deletions = row.Deletions ?? 0 }
                : null,
            CostUsd = SumCost(attempts),
            InputTokens = attempts.Sum(a => a.InputTokens),
            OutputTokens = attempts.Sum(a => a.OutputTokens),
            DurationSeconds = attempts.Sum(a => ((a.EndedAt ?? now) - a.StartedAt).TotalSeconds),
            ErrorClass = row.State == WorkItemStates.Failed ? last?.ErrorClass : null,
            CreatedAt = row.CreatedAt,
            FinishedAt = finished ? row.UpdatedAt : null,
        };
    }

    static ReportAccount ToAccount(string account, List<AttemptRow> attempts, TimeWindow window, DateTimeOffset now)
    {
        var workers = attempts.Select(a => a.Worker).Distinct(StringComparer.Ordinal).Count();
        var busy = attempts.Sum(a => window.Overlap(a.StartedAt, a.EndedAt, now).TotalSeconds);
        return new ReportAccount
        {
            Account = account,
            Items = attempts.Select(a => a.ItemId).Distinct().Count(),
            Attempts = attempts.Count,
            Succeeded = attempts.Count(a => a.Outcome == AttemptOutcomes.Succeeded),
            Failed = attempts.Count(IsFailure),
            CostUsd = SumCost(attempts),
            InputTokens = attempts.Sum(a => a.InputTokens),
            OutputTokens = attempts.Sum(a => a.OutputTokens),
            Workers = workers,
            BusySeconds = busy,
            // Several workers share an account: each brings the window's length of time to use.
            Utilisation = Math.Min(1, busy / (window.Seconds * Math.Max(1, workers))),
            Limits = [.. attempts
                .Where(a => a.ErrorClass == ErrorClasses.UsageLimit && a.EndedAt is { } end && end >= window.From && end < window.To)
                .Select(a => new ReportLimit { At = a.EndedAt!.Value, Until = a.AccountLimitedUntil, Worker = a.Worker, ItemId = a.ItemId })],
        };
    }

    static string Title(ItemRow row)
    {
        var text = row.Prompt.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
            ?? string.Join(' ', JsonSerializer.Deserialize<string[]>(row.CommandJson) ?? []);
        return text.Length <= TitleLength ? text : text[..(TitleLength - 1)] + "…";
    }

    sealed record ItemRow
    {
        public Guid Id { get; init; }
        public string State { get; init; } = "";
        public string Pool { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string Harness { get; init; } = "";
        public string Prompt { get; init; } = "";
        public string CommandJson { get; init; } = "[]";
        public string? ResultBranch { get; init; }
        public int? Commits { get; init; }
        public int? FilesChanged { get; init; }
        public int? Insertions { get; init; }
        public int? Deletions { get; init; }
    }

    sealed record AttemptRow
    {
        public Guid ItemId { get; init; }
        public int Number { get; init; }
        public string Worker { get; init; } = "";
        public string? Account { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
        public string? Outcome { get; init; }
        public string? ErrorClass { get; init; }
        public string? Message { get; init; }
        public string? Branch { get; init; }
        public decimal? CostUsd { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public DateTimeOffset? AccountLimitedUntil { get; init; }
    }
}
