using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>Runs one claimed attempt to its end (<see cref="AttemptRunner"/>); a seam for the consumer's unit tests.</summary>
public interface IAttemptRunner
{
    /// <summary>Never throws for the attempt's own troubles: every ending is reported (or, when its lease is gone, nothing is).</summary>
    Task RunAsync(ExecuteWorkItem item, ClaimGranted claim);
}
