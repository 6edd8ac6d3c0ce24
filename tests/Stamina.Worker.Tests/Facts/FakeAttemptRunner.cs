using System.Collections.Concurrent;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Facts;

/// <summary>Records the attempts it is given to run and ends them at once.</summary>
public sealed class FakeAttemptRunner : IAttemptRunner
{
    public ConcurrentQueue<(ExecuteWorkItem Item, ClaimGranted Claim)> Ran { get; } = new();

    public Task RunAsync(ExecuteWorkItem item, ClaimGranted claim)
    {
        Ran.Enqueue((item, claim));
        return Task.CompletedTask;
    }
}
