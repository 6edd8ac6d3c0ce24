using MassTransit;

namespace Stamina.Coordinator.Leases;

/// <summary>
/// Tells <see cref="LeaseHearing"/> the moment one of the coordinator's receive endpoints stops or faults (a broker
/// restart closes its connection): the reaper samples the bus's health only once a pass, and a drop and reconnect
/// between two samples must still give every lease its full period and the workers their time to reconnect.
/// </summary>
public sealed class HearingEndpointObserver(LeaseHearing hearing) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready) => Task.CompletedTask;

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed)
    {
        hearing.Lost($"the receive endpoint {completed.InputAddress.AbsolutePath} stopped");
        return Task.CompletedTask;
    }

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        hearing.Lost($"the receive endpoint {faulted.InputAddress.AbsolutePath} faulted: {faulted.Exception?.Message}");
        return Task.CompletedTask;
    }
}
