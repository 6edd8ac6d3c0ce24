using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// PostgreSQL has <c>uuid</c>; SQLite stores ids as lower-case text (<c>Guid.ToString()</c>), which reads well
/// and compares the same whoever wrote it. Microsoft.Data.Sqlite would otherwise bind a Guid as a blob.
/// </summary>
public sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
{
    public override void SetValue(IDbDataParameter parameter, Guid value)
    {
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString();
        }
        else
        {
            parameter.Value = value;
        }
    }

    public override Guid Parse(object value) => value switch
    {
        Guid guid => guid,
        string text => Guid.Parse(text),
        byte[] { Length: 16 } bytes => new Guid(bytes),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a Guid."),
    };
}
