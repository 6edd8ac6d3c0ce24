using System.Data;
using Dapper;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// Every string Dapper binds, on either store, goes through <see cref="StoredText.Clean"/>: one place, so a
/// column added later cannot forget it. Text that reaches the store is what workers and agents wrote, and it
/// must never fail the transaction that accepts their result.
/// </summary>
public sealed class StoredTextHandler : SqlMapper.TypeHandler<string>
{
    public override void SetValue(IDbDataParameter parameter, string? value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = (object?)StoredText.Clean(value) ?? DBNull.Value;
    }

    public override string? Parse(object value) => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
}
