using Microsoft.Extensions.Hosting;

namespace Stamina.ServiceDefaults.Hosting;

/// <summary>A request, made from inside a running host, to be stopped and built again from scratch.</summary>
public sealed class HostRestart
{
    public bool Requested { get; private set; }
    public string? Reason { get; private set; }

    public void Request(string reason, IHostApplicationLifetime lifetime)
    {
        if (Requested)
            return;
        Requested = true;
        Reason = reason;
        lifetime.StopApplication();
    }
}
