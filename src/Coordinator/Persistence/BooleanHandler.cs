using System.Data;
using Dapper;

namespace Stamina.Coordinator.Persistence;

/// <summary>SQLite has no boolean: it stores 0 or 1, which Dapper would not pass to a <c>bool</c> constructor parameter.</summary>
public sealed class BooleanHandler : SqlMapper.TypeHandler<bool>
{
    public override void SetValue(IDbDataParameter parameter, bool value) => parameter.Value = value;

    public override bool Parse(object value) => value switch
    {
        bool flag => flag,
        long number => number != 0,
        int number => number != 0,
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a bool."),
    };
}
