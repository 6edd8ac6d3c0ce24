using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Stamina.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 cluster of one test's own (initdb, pg_ctl), so that a test can stop and start the
/// database under a running fleet without touching the shared server other tests use. The server binaries refuse
/// to run as root, so the cluster belongs to <c>nobody</c>. About a second to create.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    const string Binaries = "/usr/lib/postgresql/15/bin";
    const string Role = "stamina";

    readonly TemporaryDirectory directory;
    readonly int port;
    readonly string serverOptions;

    PrivatePostgres(TemporaryDirectory directory, int port, string serverOptions = "")
    {
        this.directory = directory;
        this.port = port;
        this.serverOptions = serverOptions;
    }

    /// <summary>The <c>stamina</c> database of this cluster, over TCP on loopback (trust authentication).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = Role,
        Database = "stamina",
        Pooling = false,
    }.ConnectionString;

    string DataDirectory => directory.Combine("data");

    public static bool IsAvailable => File.Exists(Path.Combine(Binaries, "initdb")) && Environment.UserName == "root";

    /// <param name="tlsCertificate">With a server certificate and key (PEM files), the server also accepts TLS (<c>ssl=on</c>).</param>
    public static async Task<PrivatePostgres> StartAsync((string CertificateFile, string KeyFile)? tlsCertificate = null)
    {
        var directory = new TemporaryDirectory("postgres");
        var cluster = new PrivatePostgres(directory, FreePorts.Next(), tlsCertificate is null
            ? ""
            : $" -c ssl=on -c ssl_cert_file={directory.Combine("server.crt")} -c ssl_key_file={directory.Combine("server.key")}");
        try
        {
            if (tlsCertificate is { } tls)
            {
                File.Copy(tls.CertificateFile, directory.Combine("server.crt"));
                File.Copy(tls.KeyFile, directory.Combine("server.key"));
                // PostgreSQL refuses a key file that others may read.
                await ToolProcess.RunAsync("chmod", ["600", directory.Combine("server.key")]);
            }
            await ToolProcess.RunAsync("chown", ["-R", "nobody", directory.Path]);
            await cluster.AsNobodyAsync("initdb", "-D", cluster.DataDirectory, "-A", "trust", "-U", Role, "--no-sync");
            await cluster.StartServerAsync();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "postgres" }.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("create database stamina", connection);
            await create.ExecuteNonQueryAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again on the same port and data.</summary>
    public Task StartServerAsync() => AsNobodyAsync("pg_ctl", "-D", DataDirectory, "-l", directory.Combine("server.log"), "-w", "-t", "60",
        "-o", $"-p {port} -k {directory.Path} -c listen_addresses=127.0.0.1 -c fsync=off{serverOptions}", "start");

    /// <summary>Stops the server at once (fast shutdown: open sessions are ended).</summary>
    public Task StopServerAsync() => AsNobodyAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await StopServerAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }
        directory.Dispose();
    }

    Task AsNobodyAsync(string program, params string[] arguments) =>
        ToolProcess.RunAsync("runuser", ["-u", "nobody", "--", Path.Combine(Binaries, program), .. arguments]);
}
