namespace Stamina.Worker.Execution;

/// <summary>The attempt this worker runs, if any, so that cancel events can find it.</summary>
public sealed class RunningAttempts
{
    RunningAttempt? current;

    public RunningAttempt Start(Guid workItemId, int attempt, Contracts.AttemptSecret? secret)
    {
        var running = new RunningAttempt(workItemId, attempt, secret);
        Volatile.Write(ref current, running);
        return running;
    }

    /// <summary>The item this worker runs now, if any.</summary>
    public Guid? CurrentItem => Volatile.Read(ref current)?.WorkItemId;

    public void Finish(RunningAttempt attempt) => Interlocked.CompareExchange(ref current, null, attempt);

    public bool Abort(Guid workItemId, int attempt, AbortReason reason)
    {
        var running = Volatile.Read(ref current);
        if (running is null || running.WorkItemId != workItemId || running.Attempt != attempt)
            return false;
        running.Abort(reason);
        return true;
    }
}
