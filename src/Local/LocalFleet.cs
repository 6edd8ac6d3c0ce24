using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Api;
using Stamina.ServiceDefaults.Hosting;

namespace Stamina.Local;

/// <summary>
/// The whole fleet in one process: the coordinator (HTTP API, saga over SQLite, dispatcher, lease reaper)
/// and N workers on one in-memory MassTransit bus. Create, <see cref="StartAsync"/>, read
/// <see cref="Url"/> and <see cref="ApiKey"/>, then <see cref="WaitForShutdownAsync"/> or <see cref="StopAsync"/>.
/// </summary>
public sealed class LocalFleet : IAsyncDisposable
{
    readonly WebApplication app;
    readonly DirectoryLock dataDirLock;

    LocalFleet(LocalOptions options, string dataDir, string apiKey, WebApplication app, DirectoryLock dataDirLock)
    {
        this.dataDirLock = dataDirLock;
        Options = options;
        DataDir = dataDir;
        ApiKey = apiKey;
        this.app = app;
    }

    public LocalOptions Options { get; }

    /// <summary>The database, the API key file and the workers' directories are here.</summary>
    public string DataDir { get; }

    public string DatabasePath => LocalHost.DatabasePath(DataDir);

    public string ApiKey { get; }

    /// <summary>Where the HTTP API listens (known after <see cref="StartAsync"/>; the port may have been chosen by the system).</summary>
    public Uri Url { get; private set; } = new($"http://127.0.0.1:{LocalOptions.DefaultPort}/");

    bool started;

    public IReadOnlyList<LocalWorkerSlot> Workers => app.Services.GetRequiredService<LocalWorkers>().All;

    /// <summary>The process's services (the coordinator's queries, the bus…), for a host that shows more than the API does.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Takes the data directory's lock and builds the host (creating the directory and the API key on first
    /// use); nothing runs yet. The lock is held until <see cref="DisposeAsync"/> (or the process dies).
    /// </summary>
    /// <exception cref="StartRefusedException">Another live process runs on this data directory.</exception>
    public static LocalFleet Create(LocalOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1, nameof(options.Workers));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Workers, 64, nameof(options.Workers));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, nameof(options.Port));
        var dataDir = options.ResolveDataDir();
        LocalHost.CreateDataDir(dataDir);
        var dataDirLock = DirectoryLock.TryAcquire(dataDir, out var holder) ?? throw new StartRefusedException(
            $"Another stamina local{(holder is null ? "" : $" (pid {holder})")} is running on the data directory {dataDir}; "
            + "stop it first, or give this one another --data-dir.");
        try
        {
            var apiKey = LocalApiKey.LoadOrCreate(dataDir);
            var app = LocalHost.Build(options, dataDir, apiKey);
            return new LocalFleet(options, dataDir, apiKey, app, dataDirLock);
        }
        catch
        {
            dataDirLock.Dispose();
            throw;
        }
    }

    /// <summary>Migrates the store, releases attempts of a previous run, starts the bus, the API and the workers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses?.FirstOrDefault() is { } address)
            Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        LocalAddressFile.Write(DataDir, Url);
        started = true;
    }

    /// <summary>The directories local repositories may live in (<c>Stamina:AllowedLocalRoots</c>; the user's home by default).</summary>
    public IReadOnlyList<string> AllowedLocalRoots =>
        app.Services.GetRequiredService<IOptions<ApiSettings>>().Value.AllowedLocalRoots;

    /// <summary>Returns when the host stopped: Ctrl+C, SIGTERM, <see cref="StopAsync"/> or <paramref name="cancellationToken"/>.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops taking work, lets running items finish within the drain time (then releases them), stops the bus.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (started)
            LocalAddressFile.Remove(DataDir, Url);
        await app.DisposeAsync();
        dataDirLock.Dispose();
    }
}
