namespace Stamina.Coordinator.Leases;

/// <summary>Asks the broker whether a worker process's connections are still open.</summary>
public interface IHolderProbe
{
    /// <param name="worker">The holder's name.</param>
    /// <param name="run">The holder process's run (<see cref="Contracts.WorkerIdentity.Run"/>).</param>
    Task<HolderPresence> ProbeAsync(string worker, string run, CancellationToken cancellationToken);
}
