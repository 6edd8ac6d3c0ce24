using Dapper;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// The conditions the holds put on one candidate query: the repositories and batches held are left out, and a probe
/// (a scope that still allows some) asks for its own key only.
/// </summary>
sealed class CandidateFilter(SqlDialect dialect, IReadOnlyList<DispatchHoldScope> keyed)
{
    public (string Conditions, DynamicParameters Parameters) For(DispatchHoldScope? probe)
    {
        var parameters = new DynamicParameters();
        var conditions = new List<string>();
        var others = keyed.Where(s => s != probe).ToList();
        var repos = others.Where(s => s.Scope == DispatchHoldScope.Scopes.Repo).Select(s => s.Key).Distinct().ToArray();
        if (repos.Length > 0)
        {
            conditions.Add($"and not ({dialect.In("s.repo", "heldRepos")})");
            parameters.Add("heldRepos", repos);
        }
        var batches = BatchIds(others);
        if (batches.Count > 0)
        {
            conditions.Add($"and (w.batch_id is null or not ({dialect.In("w.batch_id", "heldBatches")}))");
            parameters.Add("heldBatches", dialect.Ids(batches));
        }
        if (probe?.Scope == DispatchHoldScope.Scopes.Repo)
        {
            conditions.Add("and s.repo = @probeRepo");
            parameters.Add("probeRepo", probe.Key);
        }
        else if (probe?.Scope == DispatchHoldScope.Scopes.Batch)
        {
            conditions.Add($"and {dialect.In("w.batch_id", "probeBatch")}");
            parameters.Add("probeBatch", dialect.Ids(BatchIds([probe])));
        }
        return (string.Join(" ", conditions), parameters);
    }

    /// <summary>A batch key that is not an id covers nothing (no item has it).</summary>
    static List<Guid> BatchIds(IEnumerable<DispatchHoldScope> scopes) =>
        [.. scopes.Where(s => s.Scope == DispatchHoldScope.Scopes.Batch).Select(s => Guid.TryParse(s.Key, out var id) ? id : Guid.Empty).Distinct()];
}
