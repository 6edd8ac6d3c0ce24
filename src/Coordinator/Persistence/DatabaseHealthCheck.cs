using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Stamina.Coordinator.Persistence;

public sealed class DatabaseHealthCheck(StaminaDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteScalarAsync(new CommandDefinition("select 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy($"The {database.Dialect} store does not answer", exception);
        }
    }
}
