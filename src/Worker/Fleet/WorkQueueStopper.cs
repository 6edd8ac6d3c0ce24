using MassTransit;
using MassTransit.Transports;

namespace Stamina.Worker.Fleet;

/// <summary>
/// Stops the work queue's bus, and so drains the running item, before MassTransit stops both buses at
/// once: the drained item's release is sent through <see cref="IBus"/>, which must still be running.
/// Registered after <c>AddMassTransit</c>, so that it stops before it.
/// </summary>
public sealed class WorkQueueStopper(IBusInstance<IWorkQueueBus> workQueue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => workQueue.BusControl.StopAsync(cancellationToken);
}
