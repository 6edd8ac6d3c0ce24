using System.Data;
using Dapper;

namespace Stamina.Coordinator.Persistence;

/// <summary>Npgsql reads <c>timestamptz</c> as a UTC DateTime; our types speak DateTimeOffset.</summary>
public sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public static void Register() => SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) =>
        parameter.Value = value.ToUniversalTime();

    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a DateTimeOffset."),
    };
}
