using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>Keeps an attempt's lease while it runs (<see cref="LeaseKeeper"/>); a seam for the attempt's unit tests.</summary>
public interface ILeaseKeeper
{
    /// <summary>Renews until <paramref name="stop"/>; aborts <paramref name="attempt"/> when the lease is lost or the coordinator stays silent too long.</summary>
    Task KeepAsync(RunningAttempt attempt, ClaimGranted claim, CancellationToken stop);
}
