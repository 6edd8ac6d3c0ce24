using Microsoft.Extensions.Options;

namespace Stamina.Worker.Fleet;

/// <summary>
/// On shutdown: <see cref="Stopping"/> fires at once (take no new work), <see cref="ReleaseNow"/> fires
/// when the drain time is up (hand the running item back).
/// </summary>
public sealed class DrainSignal : IDisposable
{
    readonly CancellationTokenSource release = new();
    readonly CancellationTokenRegistration registration;

    public DrainSignal(IHostApplicationLifetime lifetime, IOptions<WorkerSettings> settings, WorkerActivity activity)
    {
        Stopping = lifetime.ApplicationStopping;
        registration = Stopping.Register(() =>
        {
            activity.Drain();
            release.CancelAfter(settings.Value.DrainTimeout);
        });
    }

    public CancellationToken Stopping { get; }

    public CancellationToken ReleaseNow => release.Token;

    public void Dispose()
    {
        registration.Dispose();
        release.Dispose();
    }
}
