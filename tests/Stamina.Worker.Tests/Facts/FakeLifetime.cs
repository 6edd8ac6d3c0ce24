using Microsoft.Extensions.Hosting;

namespace Stamina.Worker.Tests.Facts;

/// <summary>A host lifetime a fact stops by hand.</summary>
public sealed class FakeLifetime : IHostApplicationLifetime, IDisposable
{
    readonly CancellationTokenSource started = new();
    readonly CancellationTokenSource stopping = new();
    readonly CancellationTokenSource stopped = new();

    public CancellationToken ApplicationStarted => started.Token;
    public CancellationToken ApplicationStopping => stopping.Token;
    public CancellationToken ApplicationStopped => stopped.Token;

    public void StopApplication() => stopping.Cancel();

    public void Dispose()
    {
        started.Dispose();
        stopping.Dispose();
        stopped.Dispose();
    }
}
