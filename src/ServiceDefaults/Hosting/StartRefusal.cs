using Microsoft.Extensions.Hosting;

namespace Stamina.ServiceDefaults.Hosting;

/// <summary>
/// A refusal found while the host runs (the coordinator refused this worker's name): the host stops and
/// <see cref="RestartableHost"/> prints the reason as one line and exits with code 2. Throwing from a
/// hosted service instead would print a stack trace.
/// </summary>
public sealed class StartRefusal
{
    public string? Reason { get; private set; }

    public void Refuse(string reason, IHostApplicationLifetime lifetime)
    {
        Reason ??= reason;
        lifetime.StopApplication();
    }
}
