using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Items;

namespace Stamina.Coordinator.Spend;

/// <summary>
/// The spend caps of <see cref="SpendSettings"/>, over the cost of attempts (running ones included: heartbeats carry
/// their cost so far). The daily cap holds everything and a batch's cap that batch's items (dispatch holds); an
/// account's cap refuses that account's claims until the day ends (an account hold), so other accounts go on.
/// </summary>
public sealed class SpendCaps(IOptions<SpendSettings> settings) : IDispatchHold, IAccountHold
{
    const string DaySpend = """
        select cast(coalesce(sum(cost_usd), 0) as double precision) from attempts where started_at >= @start
        """;

    const string AccountSpend = """
        select cast(coalesce(sum(cost_usd), 0) as double precision) from attempts where started_at >= @start and account = @account
        """;

    const string AccountsSpend = """
        select account as Key, cast(coalesce(sum(cost_usd), 0) as double precision) as Spent
        from attempts where started_at >= @start and account is not null group by account
        """;

    // Only batches with items still to release can be held; a finished batch's spend is history.
    const string BatchesSpend = """
        select cast(w.batch_id as text) as Key, cast(coalesce(sum(a.cost_usd), 0) as double precision) as Spent
        from attempts a join work_items w on w.id = a.item_id
        where w.batch_id in (select batch_id from work_items where batch_id is not null and state in ('Queued', 'Pending'))
        group by w.batch_id
        """;

    public async Task<IReadOnlyList<DispatchHoldScope>> ReadAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reached = await ReachedAsync(connection, null, now, includeAccounts: false, cancellationToken);
        return [.. reached.Select(r => new DispatchHoldScope(
            r.Kind == SpendCapReached.Kinds.Day ? DispatchHoldScope.Scopes.All : DispatchHoldScope.Scopes.Batch, r.Key, r.Reason))];
    }

    public async Task<AccountHold?> FindAsync(DbConnection connection, DbTransaction? transaction, string account, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (!settings.Value.Accounts.TryGetValue(account, out var cap) || cap.DailyUsd is not { } limit)
            return null;
        var day = Day(now);
        var spent = (decimal)await connection.ExecuteScalarAsync<double>(new CommandDefinition(AccountSpend,
            new { start = day.Start, account }, transaction, cancellationToken: cancellationToken));
        return spent >= limit ? new AccountHold(day.End, AccountReason(account, limit, spent, day)) : null;
    }

    /// <summary>Every cap reached now, for the dispatcher, <c>stats</c> and the notifications.</summary>
    public async Task<IReadOnlyList<SpendCapReached>> ReachedAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset now,
        bool includeAccounts, CancellationToken cancellationToken)
    {
        var caps = settings.Value;
        var day = Day(now);
        var reached = new List<SpendCapReached>();
        if (caps.DailyUsd is { } daily)
        {
            var spent = (decimal)await connection.ExecuteScalarAsync<double>(new CommandDefinition(DaySpend, new { start = day.Start }, transaction,
                cancellationToken: cancellationToken));
            if (spent >= daily)
            {
                reached.Add(new SpendCapReached(SpendCapReached.Kinds.Day, day.Name, daily, Round(spent), new WaitingReason(WaitingKinds.Cap,
                    $"the daily spend cap of {Usd(daily)} is reached ({Usd(spent)} spent on {day.Name}, {caps.TimeZone})", day.End)));
            }
        }
        if (caps.PerBatchUsd is { } perBatch)
        {
            var batches = await connection.QueryAsync<KeySpend>(new CommandDefinition(BatchesSpend, transaction: transaction,
                cancellationToken: cancellationToken));
            foreach (var batch in batches.Where(b => (decimal)b.Spent >= perBatch))
            {
                reached.Add(new SpendCapReached(SpendCapReached.Kinds.Batch, batch.Key, perBatch, Round((decimal)batch.Spent),
                    new WaitingReason(WaitingKinds.Cap, $"batch {batch.Key} reached its spend cap of {Usd(perBatch)} ({Usd((decimal)batch.Spent)} spent)")));
            }
        }
        if (includeAccounts && caps.Accounts.Count > 0)
        {
            var accounts = await connection.QueryAsync<KeySpend>(new CommandDefinition(AccountsSpend, new { start = day.Start }, transaction,
                cancellationToken: cancellationToken));
            foreach (var account in accounts)
            {
                if (caps.Accounts.TryGetValue(account.Key, out var cap) && cap.DailyUsd is { } limit && (decimal)account.Spent >= limit)
                {
                    reached.Add(new SpendCapReached(SpendCapReached.Kinds.Account, account.Key, limit, Round((decimal)account.Spent),
                        AccountReason(account.Key, limit, (decimal)account.Spent, day)));
                }
            }
        }
        return reached;
    }

    SpendDay Day(DateTimeOffset now) =>
        SpendDay.Of(now, SpendDay.TryFindZone(settings.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc);

    WaitingReason AccountReason(string account, decimal limit, decimal spent, SpendDay day) => new(WaitingKinds.Cap,
        $"account {account} reached its daily spend cap of {Usd(limit)} ({Usd(spent)} spent on {day.Name}, {settings.Value.TimeZone})", day.End);

    static decimal Round(decimal value) => Math.Round(value, 6);

    static string Usd(decimal value) => "$" + value.ToString("0.00##", CultureInfo.InvariantCulture);

    sealed record KeySpend
    {
        public string Key { get; init; } = "";
        public double Spent { get; init; }
    }
}
