using System.Text.Json;
using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Items;

/// <summary>Reads for the API. Writes go through the saga.</summary>
public sealed class ItemQueries(StaminaDatabase database, WaitingReasons waiting)
{
    const string ItemColumns = """
        w.id, w.state, w.attempt, w.failures, w.lost_attempts as LostAttempts, w.max_attempts as MaxAttempts, w.pool, w.priority,
        w.created_at as CreatedAt, w.updated_at as UpdatedAt, w.not_before as NotBefore,
        w.lease_expires_at as LeaseExpiresAt, w.holder, s.repo, s.base_ref as BaseRef, s.harness,
        cast(s.command as text) as CommandJson, s.timeout_seconds as TimeoutSeconds, cast(s.labels as text) as LabelsJson,
        cast(s.agent as text) as AgentJson, w.batch_id as BatchId, w.skip_reason as SkipReason
        """;

    // SQLite's numeric column holds 0 as an integer and 0.01 as a real, and Dapper's row reader, built for the
    // first row, cannot read the other kind: there the cost is read as a real, always.
    string AttemptColumns => database.Dialect == SqlDialect.Sqlite
        ? AttemptColumnsTemplate.Replace("a.cost_usd as CostUsd", "cast(a.cost_usd as real) as CostUsd", StringComparison.Ordinal)
        : AttemptColumnsTemplate;

    const string AttemptColumnsTemplate = """
        a.number, a.worker, a.machine, a.account, a.started_at as StartedAt, a.ended_at as EndedAt, a.outcome,
        a.exit_code as ExitCode, a.error_class as ErrorClass, a.message, a.branch, a.model, a.session_id as SessionId,
        a.turns, a.tool_uses as ToolUses, a.last_tool as LastTool, a.input_tokens as InputTokens,
        a.output_tokens as OutputTokens, a.cache_read_tokens as CacheReadTokens,
        a.cache_creation_tokens as CacheCreationTokens, a.cost_usd as CostUsd, a.last_event_at as LastEventAt,
        a.checkpoint_commit as CheckpointCommit, a.account_limited_until as AccountLimitedUntil,
        a.branch_pruned_at as BranchPrunedAt, a.hook_output as HookOutput, a.verdict, a.verdict_feedback as VerdictFeedback, a.verdict_reason as VerdictReason
        """;

    const int ListPromptLength = 200;

    public async Task<ItemView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ItemRow>(new CommandDefinition($"""
            select {ItemColumns}, s.prompt from work_items w join work_item_specs s on s.item_id = w.id where w.id = @id
            """, new { id }, cancellationToken: cancellationToken));
        if (row is null)
            return null;
        var attempts = (await connection.QueryAsync<AttemptView>(new CommandDefinition($"""
            select {AttemptColumns}, (select coalesce(sum(length(c.data)), 0) from transcript_chunks c
                where c.item_id = a.item_id and c.attempt = a.number) as TranscriptBytes
            from attempts a where a.item_id = @id order by a.number
            """, new { id }, cancellationToken: cancellationToken))).Select(a => a with { Harness = row.Harness }).ToList();
        var result = await connection.QuerySingleOrDefaultAsync<ResultView>(new CommandDefinition(
            ResultSelect + " where item_id = @id", new { id }, cancellationToken: cancellationToken));
        var costs = attempts.Where(a => a.CostUsd is not null).Select(a => a.CostUsd!.Value).ToList();
        var pipeline = await Pipelines.PipelineQueries.OfItemAsync(connection, id, cancellationToken);
        var view = (await DependencyWaits.FillAsync(connection, database.Dialect, [row.ToView()], cancellationToken))[0] with
        {
            Pipeline = pipeline,
            Attempts = attempts,
            Result = result,
            Progress = attempts.Count == 0 ? null : attempts[^1].ToProgress(),
            CostUsd = costs.Count == 0 ? null : costs.Sum(),
        };
        return (await waiting.FillAsync(connection, [view], cancellationToken))[0];
    }

    public Task<IReadOnlyList<ItemView>> ListAsync(string? state, string? pool, int limit, CancellationToken cancellationToken) =>
        ListAsync(new ItemFilter { State = state, Pool = pool, Limit = limit }, cancellationToken);

    public async Task<IReadOnlyList<ItemView>> ListAsync(ItemFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var (where, parameters) = Where(filter);
        var rows = (await connection.QueryAsync<ItemRow>(new CommandDefinition($"""
            select {ItemColumns}, substr(s.prompt, 1, {ListPromptLength}) as prompt
            from work_items w join work_item_specs s on s.item_id = w.id
            {where}
            order by w.created_at desc
            limit @limit
            """, parameters, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
            return [];
        var dialect = database.Dialect;
        var ids = dialect.Ids(rows.Select(r => r.Id));
        var results = (await connection.QueryAsync<Guid, ResultView, KeyValuePair<Guid, ResultView>>(
            $"select item_id, {ResultColumns} from results where {dialect.In("item_id", "ids")}",
            (itemId, result) => new(itemId, result), new { ids }, splitOn: "attempt")).ToDictionary();
        var latest = (await connection.QueryAsync<Guid, AttemptView, KeyValuePair<Guid, AttemptView>>($"""
            select a.item_id, {AttemptColumns}
            from attempts a
            where {dialect.In("a.item_id", "ids")} and a.number = (select max(b.number) from attempts b where b.item_id = a.item_id)
            """, (itemId, attempt) => new(itemId, attempt), new { ids }, splitOn: "number")).ToDictionary();
        return await waiting.FillAsync(connection, await DependencyWaits.FillAsync(connection, dialect, [.. rows.Select(r => r.ToView() with
        {
            Result = results.GetValueOrDefault(r.Id),
            Progress = latest.GetValueOrDefault(r.Id)?.ToProgress(),
        })], cancellationToken), cancellationToken);
    }

    /// <summary>Only the conditions asked for, each with its own parameter: no SQL is built from the values.</summary>
    (string Where, DynamicParameters Parameters) Where(ItemFilter filter)
    {
        var conditions = new List<string>();
        var parameters = new DynamicParameters();
        parameters.Add("limit", filter.Limit);
        if (filter.State is { } state)
            Add("w.state = @state", "state", state);
        if (filter.Pool is { } pool)
            Add("w.pool = @pool", "pool", pool);
        if (filter.Label is { } label)
        {
            // The key is checked against a strict pattern before it gets here; it is still bound, never spliced.
            if (database.Dialect == SqlDialect.Sqlite)
                Add("json_extract(s.labels, @labelPath) = @labelValue", "labelPath", $"$.\"{label.Key}\"");
            else
                Add("s.labels ->> @labelKey = @labelValue", "labelKey", label.Key);
            parameters.Add("labelValue", label.Value);
        }
        if (filter.Account is { } account)
            Add("exists (select 1 from attempts a where a.item_id = w.id and a.account = @account)", "account", account);
        if (filter.Since is { } since)
            Add("w.created_at >= @since", "since", since);
        if (filter.Until is { } until)
            Add("w.created_at < @until", "until", until);
        return (conditions.Count == 0 ? "" : "where " + string.Join(" and ", conditions), parameters);

        void Add(string condition, string name, object value)
        {
            conditions.Add(condition);
            parameters.Add(name, value);
        }
    }

    const string ResultColumns = """
        attempt, branch, base_commit as BaseCommit, head_commit as HeadCommit, commits, files_changed as FilesChanged,
        insertions, deletions, exit_code as ExitCode, summary
        """;

    const string ResultSelect = "select " + ResultColumns + " from results";

    sealed record ItemRow
    {
        public Guid Id { get; init; }
        public string State { get; init; } = "";
        public int Attempt { get; init; }
        public int Failures { get; init; }
        public int LostAttempts { get; init; }
        public int MaxAttempts { get; init; }
        public string Pool { get; init; } = "";
        public int Priority { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public DateTimeOffset? NotBefore { get; init; }
        public DateTimeOffset? LeaseExpiresAt { get; init; }
        public string? Holder { get; init; }
        public string Repo { get; init; } = "";
        public string BaseRef { get; init; } = "";
        public string Harness { get; init; } = "";
        public string CommandJson { get; init; } = "[]";
        public int TimeoutSeconds { get; init; }
        public string LabelsJson { get; init; } = "{}";
        public string Prompt { get; init; } = "";
        public string AgentJson { get; init; } = "{}";
        public Guid? BatchId { get; init; }
        public string? SkipReason { get; init; }

        public ItemView ToView() => new()
        {
            Id = Id,
            Repo = Repo,
            Prompt = Prompt,
            Harness = Harness,
            Command = JsonSerializer.Deserialize<string[]>(CommandJson) ?? [],
            BaseRef = BaseRef,
            Pool = Pool,
            Priority = Priority,
            Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
            MaxAttempts = MaxAttempts,
            Labels = JsonSerializer.Deserialize<Dictionary<string, string>>(LabelsJson) ?? [],
            State = State,
            Attempt = Attempt,
            Failures = Failures,
            LostAttempts = LostAttempts,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
            NotBefore = NotBefore,
            LeaseExpiresAt = LeaseExpiresAt,
            Holder = Holder,
            Agent = JsonSerializer.Deserialize<AgentOptions>(AgentJson, Journal.AgentJson.Options) ?? new AgentOptions(),
            BatchId = BatchId,
            SkipReason = SkipReason,
        };
    }
}
