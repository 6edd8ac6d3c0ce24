using Npgsql;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// Brings the schema up to date before anything else starts (it is registered before MassTransit's
/// hosted service). Waits for a database that is still starting, up to a minute.
/// </summary>
public sealed class MigrationService(MigrationRunner runner, TimeProvider clock, ILogger<MigrationService> logger) : IHostedService
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + Patience;
        while (true)
        {
            try
            {
                await runner.ApplyAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException exception) when (exception.IsTransient && clock.GetUtcNow() < deadline)
            {
                logger.LogWarning("PostgreSQL is not reachable yet ({Message}); retrying", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
