using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Stamina.Coordinator.Persistence;
using Stamina.ServiceDefaults.Hosting;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Persistence;

/// <summary>The coordinator's registration picks the store from its connection strings (the bus is never started here).</summary>
[TestFixture]
public sealed class StoreRegistrationTests
{
    [Test]
    public async Task A_sqlite_connection_string_Should_give_a_migrated_healthy_sqlite_store()
    {
        await using var file = new TemporarySqliteDatabase();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = file.ConnectionString,
            ["ConnectionStrings:Postgres"] = null,
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Stamina:InsecureNoApiKey"] = "true",
        });
        builder.AddCoordinator(new HostRestart());
        await using var app = builder.Build();

        var database = app.Services.GetRequiredService<StaminaDatabase>();
        Assert.That(database, Is.InstanceOf<SqliteDatabase>());
        var migrations = app.Services.GetServices<IHostedService>().OfType<MigrationService>().Single();
        await migrations.StartAsync(default);
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "sqlite");
        Assert.That((health.Status, health.Entries.Count), Is.EqualTo((HealthStatus.Healthy, 1)));
        Assert.That(File.Exists(file.Path), Is.True);
    }
}
