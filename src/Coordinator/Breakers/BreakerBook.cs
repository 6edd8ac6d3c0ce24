using System.Data.Common;
using System.Text.Json;
using Dapper;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Breakers;

/// <summary>The <c>breakers</c> table, inside a transaction of the caller's (the saga's event, a claim, an operator's reset).</summary>
public sealed class BreakerBook(DbConnection connection, DbTransaction? transaction, SqlDialect dialect)
{
    /// <summary>
    /// The breaker of <paramref name="key"/>, its row locked until the transaction ends (made first if missing, so two
    /// completions of one repository wait for each other rather than both insert and one lose its failure).
    /// </summary>
    public async Task<CircuitBreaker> LockAsync(string scope, string key, DateTimeOffset now) =>
        await LockAsync(scope, key, now, create: true) ?? throw new InvalidOperationException($"breaker {scope} {key} vanished");

    /// <summary>As <see cref="LockAsync(string, string, DateTimeOffset)"/>; without <paramref name="create"/>, null when it has no row.</summary>
    public async Task<CircuitBreaker?> LockAsync(string scope, string key, DateTimeOffset now, bool create)
    {
        if (create)
        {
            await connection.ExecuteAsync("""
                insert into breakers (id, scope, key, updated_at) values (@id, @scope, @key, @now)
                on conflict (scope, key) do nothing
                """, new { id = Guid.NewGuid(), scope, key, now }, transaction);
        }

        var row = await connection.QuerySingleOrDefaultAsync<BreakerRow>(
            $"select {BreakerRow.Columns} from breakers where scope = @scope and key = @key{dialect.RowLock}", new { scope, key }, transaction);
        return row?.ToBreaker();
    }

    /// <summary>The breaker of <paramref name="key"/> if it has a row, unlocked.</summary>
    public async Task<CircuitBreaker?> FindAsync(string scope, string key) =>
        (await connection.QuerySingleOrDefaultAsync<BreakerRow>(
            $"select {BreakerRow.Columns} from breakers where scope = @scope and key = @key", new { scope, key }, transaction))?.ToBreaker();

    public async Task<CircuitBreaker?> FindAsync(Guid id) =>
        (await connection.QuerySingleOrDefaultAsync<BreakerRow>(
            $"select {BreakerRow.Columns} from breakers where id = @id{dialect.RowLock}", new { id }, transaction))?.ToBreaker();

    /// <summary>Breakers that are open or half-open (open_until set), or every breaker with a row.</summary>
    public async Task<IReadOnlyList<CircuitBreaker>> ListAsync(bool trippedOnly)
    {
        var rows = await connection.QueryAsync<BreakerRow>(
            $"select {BreakerRow.Columns} from breakers {(trippedOnly ? "where open_until is not null" : "")} order by scope, key",
            transaction: transaction);
        return [.. rows.Select(row => row.ToBreaker())];
    }

    public Task SaveAsync(CircuitBreaker breaker) => connection.ExecuteAsync("""
        update breakers set signature = @Signature, opened_at = @OpenedAt, open_until = @OpenUntil, cool_down_ms = @coolDownMs,
            trips = @Trips, recent = @recent, updated_at = @UpdatedAt
        where id = @Id
        """, new
    {
        breaker.Id,
        breaker.Signature,
        breaker.OpenedAt,
        breaker.OpenUntil,
        coolDownMs = (long)breaker.CoolDown.TotalMilliseconds,
        breaker.Trips,
        recent = JsonSerializer.Serialize(breaker.Recent),
        breaker.UpdatedAt,
    }, transaction);

    /// <summary>Attempts of the repository's items or by the account that started at or after <paramref name="since"/> and still run.</summary>
    public Task<int> RunningProbesAsync(string scope, string key, DateTimeOffset since) => connection.ExecuteScalarAsync<int>(scope == BreakerScopes.Repo
        ? """
          select count(*) from attempts a join work_item_specs s on s.item_id = a.item_id
          where s.repo = @key and a.ended_at is null and a.started_at >= @since
          """
        : "select count(*) from attempts where account = @key and ended_at is null and started_at >= @since",
        new { key, since }, transaction);

    /// <summary>Queued items of the repository released since <paramref name="since"/> whose message is still fresh (not yet claimed).</summary>
    public Task<int> ReleasedProbesAsync(string repo, DateTimeOffset since, DateTimeOffset freshAfter) => connection.ExecuteScalarAsync<int>("""
        select count(*) from work_items w join work_item_specs s on s.item_id = w.id
        where s.repo = @repo and w.state = 'Queued' and w.published_token = w.attempt + 1
          and w.published_at >= @since and w.published_at > @freshAfter
        """, new { repo, since, freshAfter }, transaction);

    /// <summary>The attempt's repository, account and start; null when it was never granted.</summary>
    public Task<BreakerSubjects?> SubjectsAsync(Guid itemId, int attempt) => connection.QuerySingleOrDefaultAsync<BreakerSubjects?>("""
        select s.repo as Repo, a.account as Account, a.started_at as StartedAt
        from attempts a join work_item_specs s on s.item_id = a.item_id
        where a.item_id = @itemId and a.number = @attempt
        """, new { itemId, attempt }, transaction);

    public Task<string?> RepoOfAsync(Guid itemId) => connection.QuerySingleOrDefaultAsync<string?>(
        "select repo from work_item_specs where item_id = @itemId", new { itemId }, transaction);
}
