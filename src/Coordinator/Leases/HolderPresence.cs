namespace Stamina.Coordinator.Leases;

/// <summary>What the broker says of a holder process's exclusive queues.</summary>
public enum HolderPresence
{
    /// <summary>A queue of its run exists: at least one of its connections is open.</summary>
    Present,

    /// <summary>Every queue of its run is gone: its connections are closed.</summary>
    Gone,

    /// <summary>No answer we can trust (an error, a timeout, no broker): judged as today, on silence alone.</summary>
    Unknown,
}
