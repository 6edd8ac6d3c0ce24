using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// Npgsql reads <c>timestamptz</c> as a UTC DateTime; our types speak DateTimeOffset. SQLite has no time
/// type: there a time is <see cref="SqliteTime"/> text.
/// </summary>
public sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public static void Register() => SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.String;
            parameter.Value = SqliteTime.ToText(value);
        }
        else
        {
            parameter.Value = value.ToUniversalTime();
        }
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        string text => SqliteTime.Parse(text),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a DateTimeOffset."),
    };
}
