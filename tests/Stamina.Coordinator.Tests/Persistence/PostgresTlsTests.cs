using Npgsql;
using Stamina.Coordinator.Persistence;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Persistence;

/// <summary>
/// The coordinator's connection string goes to Npgsql as is, so PostgreSQL's TLS is Npgsql's: <c>SSL Mode=VerifyFull</c>
/// with <c>Root Certificate=ca.pem</c> checks the server's chain against that CA and its host name. Tried against a
/// private cluster with <c>ssl=on</c> and a certificate (for <c>localhost</c> only) that this fixture's CA signed.
/// </summary>
[NonParallelizable]
public sealed class PostgresTlsTests
{
    TemporaryDirectory files = null!;
    PrivatePostgres cluster = null!;
    string caFile = null!;
    string strangerFile = null!;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        if (!PrivatePostgres.IsAvailable)
            Assert.Ignore("needs PostgreSQL 15's initdb and root");
        files = new TemporaryDirectory("pgtls");
        using var authority = new TestCertificateAuthority();
        using var stranger = new TestCertificateAuthority("Someone else's CA");
        caFile = authority.WriteCertificate(files.Combine("ca.pem"));
        strangerFile = stranger.WriteCertificate(files.Combine("stranger-ca.pem"));
        using var server = authority.Issue("localhost", ["localhost"]);
        cluster = await PrivatePostgres.StartAsync(TestCertificateAuthority.WritePem(server, files.Path, "server"));
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (cluster is not null)
            await cluster.DisposeAsync();
        files?.Dispose();
    }

    [Test]
    public async Task When_the_root_certificate_is_the_servers_CA_Should_connect_with_VerifyFull_over_TLS()
    {
        await using var database = new PostgresDatabase(ConnectionString("localhost", caFile));
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "select ssl from pg_stat_ssl where pid = pg_backend_pid()";

        Assert.That(await command.ExecuteScalarAsync(), Is.True);
    }

    [Test]
    public void When_the_root_certificate_is_another_CA_Should_refuse_to_connect()
    {
        var failure = Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var database = new PostgresDatabase(ConnectionString("localhost", strangerFile));
            await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        });

        Assert.That(failure!.Message, Does.Contain("SSL handshake"));
        Assert.That(failure.InnerException?.Message, Does.Contain("remote certificate"));
    }

    [Test]
    public void When_the_host_name_is_not_in_the_certificate_Should_refuse_to_connect_even_with_the_right_root()
    {
        var failure = Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var database = new PostgresDatabase(ConnectionString("127.0.0.1", caFile));
            await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        });

        Assert.That(failure!.Message, Does.Contain("SSL handshake"));
        Assert.That(failure.InnerException?.Message, Does.Contain("remote certificate"));
    }

    string ConnectionString(string host, string rootCertificate) => new NpgsqlConnectionStringBuilder(cluster.ConnectionString)
    {
        Host = host,
        SslMode = SslMode.VerifyFull,
        RootCertificate = rootCertificate,
    }.ConnectionString;
}
