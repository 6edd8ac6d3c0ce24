namespace Stamina.Worker.Execution;

public enum AbortReason
{
    None,

    /// <summary>The coordinator answered lease lost: kill, submit nothing.</summary>
    LeaseLost,

    /// <summary>A person cancelled the item: kill, submit nothing.</summary>
    Cancelled,

    /// <summary>The worker is shutting down and the drain time is up: kill, save work, release.</summary>
    Shutdown,

    /// <summary>The lease could not be confirmed for longer than the outage patience: kill, save work, release.</summary>
    OutOfTouch,
}
