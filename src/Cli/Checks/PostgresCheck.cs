using Npgsql;

namespace Stamina.Cli.Checks;

/// <summary>Opens a connection with <c>ConnectionStrings:Postgres</c> and asks for the server's version.</summary>
static class PostgresCheck
{
    public const string Name = "PostgreSQL";

    public static async Task<CheckResult> RunAsync(string? connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return CheckResult.Warning(Name, "not configured (ConnectionStrings:Postgres); skipped");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString)
            {
                Timeout = (int)Math.Ceiling(timeout.TotalSeconds),
                CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
                Pooling = false,
            };
        }
        catch (ArgumentException exception)
        {
            return CheckResult.Failed(Name, $"ConnectionStrings:Postgres is not a valid connection string: {exception.Message}");
        }
        var where = $"{builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(deadline.Token);
            await using var command = new NpgsqlCommand("select version()", connection);
            var version = (string?)await command.ExecuteScalarAsync(deadline.Token) ?? "?";
            // "PostgreSQL 16.4 on x86_64-pc-linux-gnu, compiled by ...": the part before the build details is enough.
            return CheckResult.Ok(Name, $"{where}: {version.Split(" on ")[0]}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Failed(Name, $"{where}: no answer within {timeout.TotalSeconds:0} s");
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.InvalidPassword
            or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return CheckResult.Failed(Name, $"{where}: login refused, check the user and password ({Message(exception, builder)})");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return CheckResult.Failed(Name, $"{where}: {Message(exception, builder)}");
        }
    }

    static string Message(Exception exception, NpgsqlConnectionStringBuilder builder)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!messages.Contains(e.Message))
                messages.Add(e.Message);
        }
        return SecretMask.Remove(string.Join(": ", messages).ReplaceLineEndings(" "), builder.Password);
    }
}
