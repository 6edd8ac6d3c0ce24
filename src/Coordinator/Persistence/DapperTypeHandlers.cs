using Dapper;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// Dapper's handlers are process-wide, so each one serves both stores and tells them apart by the
/// parameter's type (writes) or the value's type (reads). Registering twice is harmless.
/// </summary>
public static class DapperTypeHandlers
{
    public static void Register()
    {
        // Dapper binds types it knows (Guid, DateTimeOffset) itself and asks a handler only to read them;
        // without its own mapping it asks the handler to write them too, which SQLite needs.
        foreach (var type in new[] { typeof(Guid), typeof(Guid?), typeof(DateTimeOffset), typeof(DateTimeOffset?), typeof(string) })
            SqlMapper.RemoveTypeMap(type);
        DateTimeOffsetHandler.Register();
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new BooleanHandler());
        SqlMapper.AddTypeHandler(new StoredTextHandler());
    }
}
