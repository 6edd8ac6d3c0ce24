using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Api;

namespace Stamina.Local;

/// <summary>
/// The whole fleet in one process: the coordinator (HTTP API, saga over SQLite, dispatcher, lease reaper)
/// and N workers on one in-memory MassTransit bus. Create, <see cref="StartAsync"/>, read
/// <see cref="Url"/> and <see cref="ApiKey"/>, then <see cref="WaitForShutdownAsync"/> or <see cref="StopAsync"/>.
/// </summary>
public sealed class LocalFleet : IAsyncDisposable
{
    readonly WebApplication app;

    LocalFleet(LocalOptions options, string dataDir, string apiKey, WebApplication app)
    {
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

    /// <summary>Builds the host (creating the data directory and the API key on first use); nothing runs yet.</summary>
    public static LocalFleet Create(LocalOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1, nameof(options.Workers));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Workers, 64, nameof(options.Workers));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, nameof(options.Port));
        var dataDir = options.ResolveDataDir();
        LocalHost.CreateDataDir(dataDir);
        var apiKey = LocalApiKey.LoadOrCreate(dataDir);
        var app = LocalHost.Build(options, dataDir, apiKey);
        return new LocalFleet(options, dataDir, apiKey, app);
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

    public ValueTask DisposeAsync()
    {
        if (started)
            LocalAddressFile.Remove(DataDir, Url);
        return app.DisposeAsync();
    }
}
