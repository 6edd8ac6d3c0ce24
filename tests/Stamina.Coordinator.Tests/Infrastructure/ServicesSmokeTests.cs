using Npgsql;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Infrastructure;

/// <summary>Proves the shared fixtures reach the services that scripts/services.sh starts.</summary>
public sealed class ServicesSmokeTests
{
    [Test]
    public async Task A_temporary_database_accepts_connections_and_is_dropped_on_dispose()
    {
        string name;
        await using (var database = await TemporaryDatabase.CreateAsync())
        {
            name = database.Name;
            await using var connection = await database.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("select current_database(), 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.That(await reader.ReadAsync(), Is.True);
            Assert.That(reader.GetString(0), Is.EqualTo(name));
            Assert.That(reader.GetInt32(1), Is.EqualTo(1));
        }

        Assert.That(await DatabaseExistsAsync(name), Is.False, $"{name} should be dropped");
    }

    [Test]
    public async Task A_temporary_virtual_host_exists_until_disposed_and_reports_missing_queues_as_null()
    {
        var vhost = await TemporaryVirtualHost.CreateAsync();
        try
        {
            Assert.That(await vhost.ExistsAsync(), Is.True);
            Assert.That(vhost.AmqpUri, Does.StartWith("amqp://").And.EndWith("/" + vhost.Name));
            Assert.That(await vhost.GetQueueAsync("no-such-queue"), Is.Null);
            Assert.That(await vhost.ListQueuesAsync(), Is.Empty);
        }
        finally
        {
            await vhost.DisposeAsync();
        }

        Assert.That(await vhost.ExistsAsync(), Is.False);
    }

    [Test]
    public async Task Eventually_names_what_it_waited_for_when_time_runs_out()
    {
        var polls = 0;
        var error = Assert.ThrowsAsync<TimeoutException>(() =>
            Eventually.UntilAsync(() => ++polls > 1000, TimeSpan.FromMilliseconds(200), "the impossible happens"));

        Assert.That(error!.Message, Does.Contain("the impossible happens"));
        Assert.That(polls, Is.GreaterThan(1));
        await Eventually.UntilAsync(() => Task.FromResult(true), TimeSpan.FromSeconds(1), "true is true");
    }

    [Test]
    public void A_temporary_directory_lives_under_stamina_tests_and_is_deleted_on_dispose()
    {
        string path;
        using (var directory = new TemporaryDirectory("smoke"))
        {
            path = directory.Path;
            File.WriteAllText(directory.Combine("file.txt"), "x");
            Assert.That(path, Does.StartWith(TemporaryDirectory.Root));
        }

        Assert.That(Directory.Exists(path), Is.False);
    }

    static async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_database where datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
