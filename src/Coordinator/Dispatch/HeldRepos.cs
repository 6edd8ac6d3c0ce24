using System.Data.Common;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// The repository scopes of the dispatch holds (open circuit breakers) for one pass: blocked repositories are left out
/// of the candidates' query, and one whose hold allows a few (a half-open breaker's probe) lets only those out.
/// A minimal bridge for the breakers (h-breaker); the dispatcher's own hold wiring (pause, caps) may replace it.
/// </summary>
public sealed class HeldRepos
{
    readonly Dictionary<string, int> allowed = [];

    public string[] Blocked { get; private init; } = [];

    public static async Task<HeldRepos> ReadAsync(IEnumerable<IDispatchHold> holds, DbConnection connection, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var scopes = new List<DispatchHoldScope>();
        foreach (var hold in holds)
            scopes.AddRange(await hold.ReadAsync(connection, now, cancellationToken));
        var repos = scopes.Where(s => s.Scope == DispatchHoldScope.Scopes.Repo).ToList();
        var result = new HeldRepos { Blocked = [.. repos.Where(s => s.Allow <= 0).Select(s => s.Key).Distinct()] };
        foreach (var scope in repos.Where(s => s.Allow > 0 && !result.Blocked.Contains(s.Key)))
            result.allowed[scope.Key] = scope.Allow;
        return result;
    }

    public string Filter(string candidatesSql, SqlDialect dialect) => Blocked.Length == 0
        ? candidatesSql
        : candidatesSql.Replace("order by", $"and not ({dialect.In("s.repo", "heldRepos")})\n        order by", StringComparison.Ordinal);

    /// <summary>Candidates of a repository allowed only a few: the first ones, and the rest wait (across pools too).</summary>
    internal IEnumerable<DispatchCandidate> Admit(IEnumerable<DispatchCandidate> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (allowed.TryGetValue(candidate.Repo, out var left))
            {
                if (left <= 0)
                    continue;
                allowed[candidate.Repo] = left - 1;
            }
            yield return candidate;
        }
    }
}
