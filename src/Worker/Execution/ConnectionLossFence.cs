using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Worker.Execution;

/// <summary>
/// Holds the running command the moment the main bus's own endpoint (where renewals are answered) faults, as it does
/// when its connection closes. A coordinator that finds all of this process's exclusive queues gone takes the item over
/// about a second later (<c>Stamina:Leases:DeadHolderConfirmation</c>), long before the lease or the takeover time the
/// lease keeper counts: a live worker cut off that way must not work on beside the attempt that replaces it. The next
/// renewal the coordinator confirms (after the reconnect) continues the command; "lease lost" kills it.
/// </summary>
public sealed class ConnectionLossFence(RunningAttempts attempts, IOptions<WorkerSettings> settings, TimeProvider clock,
    ILogger<ConnectionLossFence> logger) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready) => Task.CompletedTask;

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        if (settings.Value.Run is not { } run
            || faulted.InputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1] != EndpointNames.Worker(settings.Value.Name, EndpointNames.Bus, run))
            return Task.CompletedTask;
        if (attempts.Unconfirm() is { } attempt && attempt.Hold.Stop(stillDue: () => !attempt.IsLeaseConfirmed(clock)))
            logger.LogWarning("{WorkItemId} attempt {Attempt}: the connection to the broker closed ({Message}); its command is stopped until the coordinator confirms the lease",
                attempt.WorkItemId, attempt.Attempt, faulted.Exception?.Message);
        return Task.CompletedTask;
    }
}
