using System.Data.Common;
using Dapper;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Dependencies;

/// <summary>Which of the ids a submission names as dependencies exist, and each one's repository (a baseFrom must share it).</summary>
public static class ExistingItems
{
    public static async Task<IReadOnlyDictionary<Guid, string>> RepositoriesAsync(DbConnection connection, DbTransaction? transaction,
        SqlDialect dialect, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return new Dictionary<Guid, string>();
        var rows = await connection.QueryAsync<ItemRepository>(new CommandDefinition(
            $"select item_id as Id, repo as Repo from work_item_specs where {dialect.In("item_id", "ids")}",
            new { ids = dialect.Ids(ids) }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Id, r => r.Repo);
    }

    sealed record ItemRepository
    {
        public Guid Id { get; init; }
        public string Repo { get; init; } = "";
    }
}
