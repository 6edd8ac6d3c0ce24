using System.Collections.Concurrent;
using Stamina.Coordinator.Leases;

namespace Stamina.Coordinator.Tests.WorkItems;

/// <summary>A broker that answers what the test says about holder processes, and remembers who was asked about.</summary>
sealed class ScriptedHolderProbe : IHolderProbe
{
    /// <summary>How the broker answers (present by default); a throwing or never-ending answer stands for a failing broker.</summary>
    public Func<CancellationToken, Task<HolderPresence>> Answer { get; set; } = _ => Task.FromResult(HolderPresence.Present);

    public ConcurrentQueue<(string Worker, string Run)> Asked { get; } = new();

    /// <summary>Set when a question arrives (before it is answered).</summary>
    public TaskCompletionSource Questioned { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Says(HolderPresence presence) => Answer = _ => Task.FromResult(presence);

    public async Task<HolderPresence> ProbeAsync(string worker, string run, CancellationToken cancellationToken)
    {
        Asked.Enqueue((worker, run));
        Questioned.TrySetResult();
        return await Answer(cancellationToken);
    }
}
