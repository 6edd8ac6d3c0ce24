using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Facts;

/// <summary>
/// Keeps no lease: once the command has written a file named <see cref="Marker"/> anywhere under the work directory (its
/// worktree: the command may not see the rest of the machine) it aborts the attempt for <see cref="Reason"/> (as the real
/// keeper does on "lease lost", or the drain on shutdown); with no reason it does nothing.
/// </summary>
sealed class FakeLeaseKeeper(string workDir) : ILeaseKeeper
{
    public const string Marker = "command-started";

    public AbortReason Reason { get; set; } = AbortReason.None;

    /// <summary>Runs once the command has started, before the abort: where a fact looks at the running command.</summary>
    public Func<Task>? BeforeAbort { get; set; }

    public async Task KeepAsync(RunningAttempt attempt, ClaimGranted claim, CancellationToken stop)
    {
        // Confirmed for good: the supervisor holds a command whose lease is not confirmed.
        attempt.LeaseConfirmedUntil = long.MaxValue;
        if (Reason == AbortReason.None)
            return;
        try
        {
            while (!Started())
                await Task.Delay(10, stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (BeforeAbort is not null)
            await BeforeAbort();
        attempt.Abort(Reason);
    }

    bool Started()
    {
        try
        {
            return Directory.EnumerateFiles(workDir, Marker, SearchOption.AllDirectories).Any();
        }
        catch (IOException)
        {
            return false; // the work directory is made, or a worktree removed, as we look
        }
    }
}
